/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the documents of a corpus, one at a time, so that a corpus of any size is never held on the heap
 * (only the set of ids seen, to refuse duplicates). Reads BEIR {@code corpus.jsonl} (one JSON object a line with
 * {@code _id}, {@code text} and an optional {@code title}) and plain TSV ({@code id<TAB>text}, split at the first
 * tab). A folder means its {@code corpus.jsonl}. Blank lines are skipped; empty documents are kept and counted in
 * a warning when the reader is closed. Not thread-safe; iterate once.
 */
public final class CorpusReader extends LineRecordReader<Document> {
  private static final Logger LOG = LoggerFactory.getLogger(CorpusReader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean json;
  /** Each id seen and the line it was on, to name both copies of a duplicate. */
  private final Map<String, Long> ids = new HashMap<>();
  private long emptyDocuments;

  private CorpusReader(Path file) {
    super(new LineReader(file));
    this.json = isJsonLines(file);
  }

  /** Opens a {@code .jsonl} or {@code .tsv} corpus file, or a BEIR folder's {@code corpus.jsonl}. */
  public static CorpusReader open(Path fileOrFolder) {
    Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("corpus.jsonl") : fileOrFolder;
    return new CorpusReader(file);
  }

  static boolean isJsonLines(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".json");
  }

  /** Documents returned so far. */
  public long count() {
    return ids.size();
  }

  /**
   * How many documents a corpus holds (its non-blank lines), counted without parsing: cheap next to indexing or
   * encoding it, so that their progress can show a total and the time left.
   */
  public static long countDocuments(Path fileOrFolder) {
    Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("corpus.jsonl") : fileOrFolder;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long count = 0;
      boolean content = false;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            count += content ? 1 : 0;
            content = false;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            content = true;
          }
        }
      }
      return count + (content ? 1 : 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Documents returned so far whose title and text are both blank. */
  public long emptyDocuments() {
    return emptyDocuments;
  }

  @Override
  protected Document parse(String line) {
    Document doc = parseLine(line, json, lines::error);
    Long first = ids.putIfAbsent(doc.id(), lines.lineNumber());
    if (first != null) {
      throw lines.error("duplicate document id '" + doc.id() + "' (first on line " + first + ")");
    }
    if (doc.isEmpty()) {
      emptyDocuments++;
    }
    return doc;
  }

  /**
   * One line of a corpus file read by someone else (a Spark partition): parsed as this reader parses it, a bad line
   * refused naming the file and the line.
   *
   * @param lineNumber the line's number in {@code file}, from 1
   */
  public static Document parseLine(String line, Path file, long lineNumber) {
    return parseLine(line, isJsonLines(file), problem -> new DataFormatException(file, lineNumber, problem));
  }

  private static Document parseLine(String line, boolean json, Function<String, DataFormatException> error) {
    return json ? parseJson(line, error) : parseTsv(line, error);
  }

  private static Document parseJson(String line, Function<String, DataFormatException> error) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw error.apply("malformed JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      throw error.apply("expected a JSON object with _id and text");
    }
    String id = requiredText(node, "_id", error);
    if (id.isEmpty()) {
      throw error.apply("empty _id");
    }
    String text = requiredText(node, "text", error);
    JsonNode title = node.get("title");
    return new Document(id, title == null || title.isNull() ? "" : title.asText(), text);
  }

  private static String requiredText(JsonNode node, String field, Function<String, DataFormatException> error) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw error.apply("missing '" + field + "'");
    }
    if (!value.isValueNode()) {
      throw error.apply("'" + field + "' must be a string, not " + value.getNodeType().toString().toLowerCase());
    }
    return value.asText();
  }

  private static Document parseTsv(String line, Function<String, DataFormatException> error) {
    int tab = line.indexOf('\t');
    if (tab < 0) {
      throw error.apply("expected 'id<TAB>text', found no tab");
    }
    String id = line.substring(0, tab).strip();
    if (id.isEmpty()) {
      throw error.apply("empty document id");
    }
    return new Document(id, "", line.substring(tab + 1));
  }

  @Override
  public void close() {
    super.close();
    if (emptyDocuments > 0) {
      LOG.warn("{}: {} of {} documents are empty (kept, they can only be retrieved by chance)",
          file(), emptyDocuments, count());
    }
  }
}
