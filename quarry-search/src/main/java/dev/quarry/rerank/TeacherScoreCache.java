/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.io.ContentDigest;
import dev.quarry.onnx.ModelRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One teacher's scores kept on disk, so that a teacher never scores the same input twice (teacher inference is the
 * expensive part of distillation and reranking): a TSV file, one line per score ({@code key<TAB>score}), appended
 * and flushed batch by batch, read whole at start. A key is a digest of the query's text and the documents' ids (see
 * {@link #key}); the file lives in a folder keyed on the corpus's content ({@code IndexCache.teachers}), so an edited
 * query or document text is scored afresh. A last line cut short by a killed run is dropped with a warning (and cut
 * off the file) and every whole line kept. Thread-safe.
 */
public final class TeacherScoreCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TeacherScoreCache.class);

  private final Path file;
  private final Map<String, Float> scores = new HashMap<>();
  private final OutputStream out;
  private long hits;
  private long misses;

  public TeacherScoreCache(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        load();
      }
      this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open teacher cache " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads every line that ends in a newline; a cut last line is dropped and cut off the file. */
  private void load() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      LOG.warn("{}: dropping a last line cut short ({} bytes, no line end), as a killed run leaves it", file,
          bytes.length - end);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(end);
      }
    }
    if (end == 0) {
      return;
    }
    int lineNumber = 0;
    for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
      lineNumber++;
      int tab = line.lastIndexOf('\t');
      try {
        if (tab <= 0) {
          throw new NumberFormatException("no tab");
        }
        scores.put(line.substring(0, tab), Float.parseFloat(line.substring(tab + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(file + ":" + lineNumber + ": not a 'key<TAB>score' line; the teacher cache"
            + " is damaged: delete the file to score again");
      }
    }
  }

  /**
   * The cache file of a teacher in {@code folder}: named by the model's fingerprint (for a model folder, a digest
   * of its weights, so a moved folder keeps its scores and retrained weights get a new file), or by name for
   * {@code bm25} and the embedded models.
   */
  public static Path fileFor(Path folder, String model) {
    if (PointwiseTeacher.BM25.equals(model)) {
      return folder.resolve(PointwiseTeacher.BM25 + ".tsv");
    }
    return folder.resolve(ModelRegistry.resolve(model).fingerprint() + ".tsv");
  }

  /** The key of a query's text and one or two document ids (a pairwise judgement names two, in order). */
  public static String key(String query, String... docIds) {
    return ContentDigest.of(query) + "\u0001" + String.join("\u0001", docIds);
  }

  public synchronized Float get(String key) {
    Float s = scores.get(key);
    if (s == null) {
      misses++;
    } else {
      hits++;
    }
    return s;
  }

  /** Adds the scores of one batch and flushes them to disk, so that a killed run loses at most a batch. */
  public synchronized void putAll(List<String> keys, float[] values) {
    if (keys.size() != values.length) {
      throw new IllegalArgumentException(keys.size() + " keys for " + values.length + " scores");
    }
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      String key = keys.get(i);
      if (key.indexOf('\t') >= 0 || key.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("cache keys cannot hold tabs or line breaks: " + key);
      }
      scores.put(key, values[i]);
      lines.append(key).append('\t').append(values[i]).append('\n');
    }
    try {
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public synchronized int size() {
    return scores.size();
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
