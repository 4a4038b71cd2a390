/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusEncoderTest {
  @TempDir Path temp;

  /** Encodes a text as (length, first char, its passage-ness): enough to check order and content. */
  static final class FakeEncoder implements Encoder {
    final List<List<String>> slices = new ArrayList<>();

    @Override
    public String modelId() {
      return "fake";
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public float[][] encodeQueries(List<String> queries) {
      return queries.stream().map(q -> new float[] {q.length(), q.charAt(0)}).toArray(float[][]::new);
    }

    @Override
    public float[][] encodePassages(List<String> passages) {
      slices.add(List.copyOf(passages));
      return encodeQueries(passages);
    }

    @Override
    public void close() {}
  }

  @Test
  void keepsCorpusOrderAcrossWindowsAndLengthSortedSlices() throws IOException {
    StringBuilder corpus = new StringBuilder();
    int n = 300;
    for (int i = 0; i < n; i++) {
      String text = "x".repeat((i * 37) % 101 + 1);
      corpus.append("{\"_id\": \"d").append(i).append("\", \"text\": \"").append(text).append("\"}\n");
    }
    Path file = temp.resolve("corpus.jsonl");
    Files.writeString(file, corpus);
    for (int window : new int[] {1, 70, 1000}) {
      encodeInOrder(file, n, window);
    }
  }

  /** Windows of 1, of 70 (one slice each), and of the whole corpus (slices of 128, 128 and 44). */
  private void encodeInOrder(Path file, int n, int window) throws IOException {
    AtomicLong progress = new AtomicLong();
    FakeEncoder encoder = new FakeEncoder();
    long count = CorpusEncoder.encode(file, encoder, temp.resolve("v.f32"), temp.resolve("ids.txt"), window,
        progress::addAndGet);
    for (List<String> slice : encoder.slices) {
      assertTrue(slice.size() <= 128, "a slice of " + slice.size());
      for (int i = 1; i < slice.size(); i++) {
        assertTrue(slice.get(i - 1).length() <= slice.get(i).length(), "a slice is sorted by length");
      }
    }
    assertEquals(window == 1000 ? 3 : (n + window - 1) / window, encoder.slices.size(), "slices at window " + window);
    assertEquals(n, count);
    assertEquals(n, progress.get());
    String[] ids = CorpusEncoder.readIds(temp.resolve("ids.txt"));
    assertEquals(n, ids.length);
    try (VectorStore store = VectorStore.open(temp.resolve("v.f32"))) {
      assertEquals("fake", store.modelId());
      float[] row = new float[2];
      for (int i = 0; i < n; i++) {
        assertEquals("d" + i, ids[i]);
        store.readFloats(i, row);
        assertArrayEquals(new float[] {(i * 37) % 101 + 1, 'x'}, row);
      }
    }
  }

  @Test
  void refusesIdsWithLineBreaksAndAWindowBelowOne() throws IOException {
    for (String id : new String[] {"\\nd1", "d\\r1"}) {
      Path file = temp.resolve("bad.jsonl");
      Files.writeString(file, "{\"_id\": \"" + id + "\", \"text\": \"t\"}\n");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorpusEncoder.encode(file,
          new FakeEncoder(), temp.resolve("v.f32"), temp.resolve("ids.txt"), 10, n -> { }));
      assertTrue(e.getMessage().contains("contains a line break"), e.getMessage());
    }
    assertEquals("window must be positive; got 0", assertThrows(IllegalArgumentException.class,
        () -> CorpusEncoder.encode(temp.resolve("x"), new FakeEncoder(), temp.resolve("v.f32"),
            temp.resolve("ids.txt"), 0, n -> { })).getMessage());
  }
}
