package dev.quarry.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusEncoderTest {
  @TempDir Path temp;

  /** Encodes a text as (length, first char, its passage-ness): enough to check order and content. */
  static final class FakeEncoder implements Encoder {
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
    AtomicLong progress = new AtomicLong();
    long count = CorpusEncoder.encode(file, new FakeEncoder(), temp.resolve("v.f32"), temp.resolve("ids.txt"), 70,
        progress::addAndGet);
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
}
