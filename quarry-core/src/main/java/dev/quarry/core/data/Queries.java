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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A query set, id to text, in file order. Query sets are small (thousands, not millions), so they are read whole.
 * Reads BEIR {@code queries.jsonl} ({@code _id}, {@code text}) and TSV topics ({@code id<TAB>text}).
 */
public final class Queries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> texts;

  public Queries(Map<String, String> texts) {
    this.texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
  }

  /** Reads a {@code .jsonl} or TSV query file, or a BEIR folder's {@code queries.jsonl}. */
  public static Queries read(Path fileOrFolder) {
    Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("queries.jsonl") : fileOrFolder;
    boolean json = CorpusReader.isJsonLines(file);
    Map<String, String> texts = new LinkedHashMap<>();
    try (LineReader lines = new LineReader(file)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (line.isBlank()) {
          continue;
        }
        String id;
        String text;
        if (json) {
          JsonNode node;
          try {
            node = JSON.readTree(line);
          } catch (JsonProcessingException e) {
            throw lines.error("malformed JSON: " + e.getOriginalMessage());
          }
          JsonNode idNode = node.get("_id");
          JsonNode textNode = node.get("text");
          if (idNode == null || !idNode.isValueNode()) {
            throw lines.error("missing '_id'");
          }
          if (textNode == null || !textNode.isValueNode()) {
            throw lines.error("missing 'text'");
          }
          id = idNode.asText();
          text = textNode.asText();
        } else {
          int tab = line.indexOf('\t');
          if (tab < 0) {
            throw lines.error("expected 'id<TAB>text', found no tab");
          }
          id = line.substring(0, tab).strip();
          text = line.substring(tab + 1);
        }
        if (id.isEmpty()) {
          throw lines.error("empty query id");
        }
        if (texts.putIfAbsent(id, text) != null) {
          throw lines.error("duplicate query id '" + id + "'");
        }
      }
    }
    return new Queries(texts);
  }

  public Map<String, String> asMap() {
    return texts;
  }

  public Set<String> ids() {
    return texts.keySet();
  }

  public String text(String id) {
    return texts.get(id);
  }

  public int size() {
    return texts.size();
  }

  /** The queries whose id passes the filter (for example, those judged in a split), in the same order. */
  public Queries filter(Predicate<String> keep) {
    Map<String, String> kept = new LinkedHashMap<>();
    texts.forEach((id, text) -> {
      if (keep.test(id)) {
        kept.put(id, text);
      }
    });
    return new Queries(kept);
  }
}
