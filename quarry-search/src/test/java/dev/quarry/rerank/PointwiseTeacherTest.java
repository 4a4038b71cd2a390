/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.vector.Encoder;
import dev.quarry.search.IndexCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointwiseTeacherTest {
  @TempDir Path temp;

  @Test
  void anEnsembleFusesNormalisedRawScoresCachedPerMember() {
    // the scorers score passages by their text, so fusing over a different candidate list shows whether the
    // normalisation is done over that list (right) or over what happened to be missing from a cache (wrong)
    Map<String, Float> aScores = Map.of("x", 10f, "y", 0f, "z", 5f);
    Map<String, Float> bScores = Map.of("x", 0f, "y", 1f, "z", 2f);
    Map<String, String> texts = Map.of("x", "x", "y", "y", "z", "z");
    try (PointwiseTeacher teacher = new PointwiseTeacher(List.of(
        new PointwiseTeacher.Member(byText("a", aScores), 0.5, new TeacherScoreCache(temp.resolve("a.tsv"))),
        new PointwiseTeacher.Member(byText("b", bScores), 0.5, new TeacherScoreCache(temp.resolve("b.tsv")))))) {
      float[] two = teacher.score("query", List.of("x", "y"), texts);
      assertEquals(0.5f, two[0], 1e-6);
      assertEquals(0.5f, two[1], 1e-6);
      float[] three = teacher.score("query", List.of("x", "y", "z"), texts);
      assertEquals(0.5f, three[0], 1e-6);
      assertEquals(0.25f, three[1], 1e-6);
      assertEquals(0.75f, three[2], 1e-6);
      assertEquals(6, teacher.computed(), "4 scores the first time, z by each member the second");
      assertEquals(4, teacher.cached(), "x and y came from each member's cache the second time");
      assertTrue(teacher.describe().contains("a x 0.5 + b x 0.5"), teacher.describe());
    }
    assertThrows(IllegalArgumentException.class,
        () -> new PointwiseTeacher.Member(byText("a", aScores), 0, new TeacherScoreCache(temp.resolve("c.tsv"))));
  }

  @Test
  void bm25JoinsATeacherByNameWithTheCorpusStatistics() throws IOException {
    Path corpus = temp.resolve("tiny/corpus.jsonl");
    Files.createDirectories(corpus.getParent());
    Files.writeString(corpus, """
        {"_id": "a", "title": "", "text": "vitamin d and bone health"}
        {"_id": "b", "title": "", "text": "vitamin c in citrus fruit and vitamin d"}
        {"_id": "c", "title": "", "text": "exercise and sleep"}
        """);
    Map<String, String> texts = Map.of("a", "vitamin d and bone health", "b", "vitamin c in citrus fruit and vitamin d",
        "c", "exercise and sleep");
    IndexCache cache = new IndexCache(temp.resolve("cache"));
    try (PointwiseTeacher teacher = PointwiseTeacher.open(List.of(PointwiseTeacher.BM25), cache, corpus, 1)) {
      float[] scores = teacher.score("bone health", List.of("a", "b", "c"), texts);
      assertTrue(scores[0] > 0, "a has both terms");
      assertEquals(0f, scores[1], "b has neither");
      assertEquals(0f, scores[2]);
      assertTrue(teacher.describe().startsWith("bm25"), teacher.describe());
    }
    assertTrue(Files.exists(cache.teachers(corpus).resolve("bm25.tsv")), "scores cached under the corpus's key");
  }

  @Test
  void aDenseScorerEncodesEachPassageOnceAndScoresRightAfterEviction() {
    List<String> encoded = new ArrayList<>();
    // one-dimensional vectors: a passage's vector is its length, a query's is 1, so the score is the length
    Encoder lengths = new Encoder() {
      @Override
      public String modelId() {
        return "lengths";
      }

      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public float[][] encodeQueries(List<String> queries) {
        return queries.stream().map(q -> new float[] {1}).toArray(float[][]::new);
      }

      @Override
      public float[][] encodePassages(List<String> passages) {
        encoded.addAll(passages);
        return passages.stream().map(p -> new float[] {p.length()}).toArray(float[][]::new);
      }

      @Override
      public void close() {}
    };
    DenseScorer scorer = new DenseScorer(lengths, 2);
    assertArrayEquals(new float[] {1, 2, 1}, scorer.score("q", List.of("a", "bb", "a")));
    assertEquals(List.of("a", "bb"), encoded, "a repeated passage is encoded once");
    assertArrayEquals(new float[] {2, 3}, scorer.score("q", List.of("bb", "ccc")));
    assertEquals(List.of("a", "bb", "ccc"), encoded, "bb was kept");
    assertArrayEquals(new float[] {1, 2, 3}, scorer.score("q", List.of("a", "bb", "ccc")), "capacity 2: a is back");
    assertEquals(List.of("a", "bb", "ccc", "a"), encoded);
  }

  static Reranker byText(String id, Map<String, Float> scores) {
    return new Reranker() {
      @Override
      public String modelId() {
        return id;
      }

      @Override
      public float[] score(String query, List<String> passages) {
        float[] s = new float[passages.size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = scores.get(passages.get(i));
        }
        return s;
      }

      @Override
      public void close() {}
    };
  }
}
