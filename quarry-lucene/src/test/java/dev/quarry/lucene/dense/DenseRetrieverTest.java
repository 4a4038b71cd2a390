/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.data.DataFormatException;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.vector.Encoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenseRetrieverTest {
  @TempDir Path temp;

  /** Bag-of-letters vectors: texts sharing letters are near. Deterministic, no model needed. */
  static final class LetterEncoder implements Encoder {
    private final String id;
    private final int dimension;
    boolean closed;

    LetterEncoder(String id, int dimension) {
      this.id = id;
      this.dimension = dimension;
    }

    @Override
    public String modelId() {
      return id;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public float[][] encodeQueries(List<String> texts) {
      float[][] out = new float[texts.size()][dimension];
      for (int i = 0; i < texts.size(); i++) {
        for (char c : texts.get(i).toLowerCase(Locale.ROOT).toCharArray()) {
          if (c >= 'a' && c <= 'z') {
            out[i][(c - 'a') % dimension] += 1;
          }
        }
      }
      return out;
    }

    @Override
    public float[][] encodePassages(List<String> texts) {
      return encodeQueries(texts);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private Path corpus() throws IOException {
    Path file = temp.resolve("corpus.jsonl");
    Files.writeString(file, """
        {"_id": "aaa", "text": "aaaa"}
        {"_id": "bbb", "text": "bbbb"}
        {"_id": "abc", "text": "abc"}
        """);
    return file;
  }

  @Test
  void encodesIndexesAndSearches() throws IOException {
    Path index = temp.resolve("index");
    var manifest = new DenseIndexBuilder(DenseIndexSettings.FLAT, 1).build(corpus(), new LetterEncoder("letters", 26),
        index, false, Progress.NONE, Progress.NONE);
    assertEquals(3, manifest.documents());
    assertEquals("letters", manifest.setting("model"));
    LetterEncoder encoder = new LetterEncoder("letters", 26);
    try (DenseRetriever retriever = DenseRetriever.open(index, encoder, DenseSearchSettings.DEFAULTS)) {
      List<ScoredDocument> hits = retriever.search("b", 2);
      assertEquals(List.of("bbb", "abc"), hits.stream().map(ScoredDocument::docId).toList());
      assertEquals(4.0, hits.get(0).score());
      assertTrue(retriever.containsDocument("abc"));
      assertFalse(retriever.containsDocument("zzz"));
      assertEquals(2, retriever.searchBatch(List.of("a", "c"), 1).size());
    }
    assertTrue(encoder.closed, "the retriever closes its encoder");
  }

  @Test
  void refusesQueriesFromAnotherModelOrDimension() throws IOException {
    Path index = temp.resolve("index");
    new DenseIndexBuilder(DenseIndexSettings.FLAT, 1).build(corpus(), new LetterEncoder("letters", 26), index, false,
        Progress.NONE, Progress.NONE);
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> DenseRetriever.open(index, new LetterEncoder("other-model", 26), DenseSearchSettings.DEFAULTS));
    assertTrue(other.getMessage().contains("'letters'") && other.getMessage().contains("'other-model'"),
        other.getMessage());
    IllegalArgumentException dimension = assertThrows(IllegalArgumentException.class,
        () -> new DenseRetriever(new LetterEncoder("letters", 20), DenseIndex.open(index, DenseSearchSettings.DEFAULTS),
            DenseIndex.ids(index)));
    assertTrue(dimension.getMessage().contains("20-dimensional") && dimension.getMessage().contains("26-dimensional"),
        dimension.getMessage());
  }

  @Test
  void aFailedEncodingLeavesNoIndex() throws IOException {
    Path bad = temp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"_id\": \"a\", \"text\": \"ok\"}\n{\"_id\": \"a\", \"text\": \"dup\"}\n");
    assertThrows(DataFormatException.class, () -> new DenseIndexBuilder(DenseIndexSettings.FLAT, 1).build(bad,
        new LetterEncoder("letters", 26), temp.resolve("index"), false, Progress.NONE, Progress.NONE));
    assertFalse(Files.exists(temp.resolve("index")));
    try (var files = Files.list(temp)) {
      assertEquals(List.of(bad), files.toList());
    }
  }
}
