/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.rerank.Reranker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherScoreCacheTest {
  @TempDir Path temp;

  /** A reranker that counts the passages it scores and scores each by its length. */
  static final class Counting implements Reranker {
    int calls;

    @Override
    public String modelId() {
      return "counting";
    }

    @Override
    public float[] score(String query, List<String> passages) {
      calls += passages.size();
      float[] s = new float[passages.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = passages.get(i).length();
      }
      return s;
    }

    @Override
    public void close() {}
  }

  @Test
  void scoresComeBackFromTheCacheOfAnEarlierRunAndOnlyNewInputsReachTheModel() {
    Path file = temp.resolve("cache.tsv");
    Map<String, String> texts = Map.of("d1", "one", "d2", "three");
    Counting teacher = new Counting();
    try (TeacherScoreCache cache = new TeacherScoreCache(file)) {
      CachedTeachers.score(teacher, cache, "a query", List.of("d1"), texts);
    }
    try (TeacherScoreCache cache = new TeacherScoreCache(file)) {
      float[] scores = CachedTeachers.score(teacher, cache, "a query", List.of("d1", "d2"), texts);
      assertEquals(3f, scores[0]);
      assertEquals(5f, scores[1]);
      assertEquals(2, teacher.calls, "d1 once in the first run, d2 once in the second");
      assertEquals(1, cache.hits());
      assertEquals(1, cache.misses());
      CachedTeachers.score(teacher, cache, "an edited query", List.of("d1"), texts);
      assertEquals(3, teacher.calls, "another query text is another input, whatever its id");
    }
  }

  @Test
  void everyBatchIsOnDiskBeforeTheCacheIsClosedSoAKilledRunLosesNothingWhole() throws IOException {
    Path file = temp.resolve("cache.tsv");
    TeacherScoreCache open = new TeacherScoreCache(file);
    open.putAll(List.of(TeacherScoreCache.key("q", "d1"), TeacherScoreCache.key("q", "d2")), new float[] {1, 2});
    // not closed, as a killed process would leave it
    try (TeacherScoreCache reader = new TeacherScoreCache(file)) {
      assertEquals(2, reader.size(), "flushed per batch");
    }
    open.close();
  }

  @Test
  void aLineCutShortByAKillIsDroppedAndEveryWholeLineKept() throws IOException {
    Path file = temp.resolve("cache.tsv");
    String k1 = TeacherScoreCache.key("q", "d1");
    String k2 = TeacherScoreCache.key("q", "d2");
    // the second line was cut mid-number: "0.12" would parse, as a wrong score, if it were read
    Files.writeString(file, k1 + "\t0.5\n" + k2 + "\t0.12", StandardCharsets.UTF_8);
    try (TeacherScoreCache cache = new TeacherScoreCache(file)) {
      assertEquals(0.5f, cache.get(k1));
      assertNull(cache.get(k2), "the cut line is not read");
      cache.putAll(List.of(k2), new float[] {0.125f});
    }
    assertEquals(List.of(k1 + "\t0.5", k2 + "\t0.125"), Files.readAllLines(file), "the cut line was cut off the file");
    Files.writeString(file, "not a score line\n");
    IllegalStateException damaged = assertThrows(IllegalStateException.class, () -> new TeacherScoreCache(file));
    assertTrue(damaged.getMessage().contains(file + ":1"), damaged.getMessage());
  }

  @Test
  void aTeachersCacheFileFollowsItsWeightsNotItsPath() throws IOException {
    Path a = model(temp.resolve("runs/teacher/model"), new byte[] {1, 2, 3});
    Path moved = model(temp.resolve("elsewhere/renamed"), new byte[] {1, 2, 3});
    Path root = temp.resolve("cache");
    assertEquals(TeacherScoreCache.fileFor(root, a.toString()), TeacherScoreCache.fileFor(root, moved.toString()),
        "the same weights elsewhere keep their scores");
    Files.write(moved.resolve("model.onnx"), new byte[] {1, 2, 4});
    assertNotEquals(TeacherScoreCache.fileFor(root, a.toString()), TeacherScoreCache.fileFor(root, moved.toString()),
        "retrained weights get a new file");
    assertEquals(root.resolve("bge-small-en-v1.5.tsv"), TeacherScoreCache.fileFor(root, "bge-small-en-v1.5"));
    assertEquals(root.resolve("bm25.tsv"), TeacherScoreCache.fileFor(root, "bm25"));
    // a cross-encoder and a pairwise reranker on the same encoder weights differ in their heads
    Path cross = model(temp.resolve("cross"), new byte[] {7});
    Path duo = model(temp.resolve("duo"), new byte[] {7});
    Files.write(cross.resolve("head.safetensors"), new byte[] {1});
    Files.write(duo.resolve("head.safetensors"), new byte[] {2});
    assertNotEquals(TeacherScoreCache.fileFor(root, cross.toString()), TeacherScoreCache.fileFor(root, duo.toString()),
        "a reranker's head is part of its weights");
  }

  @Test
  void anEmptyCacheFileIsAnEmptyCache() throws IOException {
    Path file = temp.resolve("empty.tsv");
    Files.writeString(file, "");
    try (TeacherScoreCache cache = new TeacherScoreCache(file)) {
      assertEquals(0, cache.size());
    }
  }

  private static Path model(Path folder, byte[] weights) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("model.onnx"), weights);
    Files.writeString(folder.resolve("tokenizer.json"), "{}");
    return folder;
  }
}
