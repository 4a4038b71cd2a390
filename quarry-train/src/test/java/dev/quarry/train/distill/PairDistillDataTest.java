package dev.quarry.train.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.vector.Encoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairDistillDataTest {
  @TempDir Path temp;

  @Test
  void theWindowGives85PairsForTop20AndSamplesReproducibly() {
    PairWindowSampler sampler = new PairWindowSampler(20, 5, 16);
    List<PairWindowSampler.Pair> all = sampler.candidates(100);
    assertEquals(85, all.size());
    for (PairWindowSampler.Pair p : all) {
      assertTrue(p.first() < p.second() && p.second() <= p.first() + 5 && p.second() < 20, p.toString());
    }
    List<PairWindowSampler.Pair> sampled = sampler.sample(100, 7);
    assertEquals(16, sampled.size());
    assertEquals(16, new HashSet<>(sampled).size(), "no pair twice");
    assertTrue(all.containsAll(sampled));
    assertEquals(sampled, sampler.sample(100, 7));
    assertNotEquals(sampled, sampler.sample(100, 8));
    assertEquals(3, sampler.candidates(3).size(), "a short list: (0,1), (0,2), (1,2)");
    assertThrows(IllegalArgumentException.class, () -> new PairWindowSampler(1, 5, 16));
  }

  @Test
  void groupsHoldThePairsFilledFromTheRankingInRankOrder() {
    GroupBuilder builder = new GroupBuilder(6);
    List<PairWindowSampler.Pair> pairs = List.of(new PairWindowSampler.Pair(3, 7), new PairWindowSampler.Pair(10, 12));
    List<Integer> group = builder.build(100, pairs);
    assertEquals(List.of(0, 1, 3, 7, 10, 12), group, "pair documents first, filled from the top, sorted");
    assertEquals(List.of(0, 1, 2), new GroupBuilder(6).build(3, List.of()), "short lists give short groups");
  }

  @Test
  void theCacheRemembersScoresAcrossRuns() {
    Path file = temp.resolve("cache.tsv");
    try (TeacherScoreCache cache = new TeacherScoreCache(file)) {
      cache.put(TeacherScoreCache.key("q1", "d1"), 1.5f);
      assertEquals(1.5f, cache.get(TeacherScoreCache.key("q1", "d1")));
    }
    int[] calls = {0};
    Reranker teacher = new Reranker() {
      @Override
      public String modelId() {
        return "counting";
      }

      @Override
      public float[] score(String query, List<String> passages) {
        calls[0] += passages.size();
        return new float[passages.size()];
      }

      @Override
      public void close() {}
    };
    try (TeacherScoreCache cache = new TeacherScoreCache(file)) {
      float[] scores = CachedTeachers.score(teacher, cache, "q1", "query", List.of("d1", "d2"),
          java.util.Map.of("d1", "one", "d2", "two"));
      assertEquals(1.5f, scores[0], "from the cache written by the first run");
      assertEquals(1, calls[0], "only the document never scored reaches the teacher");
      assertEquals(1, cache.hits());
    }
  }

  @Test
  void aTeachersCacheFileFollowsItsWeightsNotItsPath() throws IOException {
    Path a = Files.createDirectories(temp.resolve("runs/teacher/model"));
    Files.write(a.resolve("model.onnx"), new byte[] {1, 2, 3});
    Path moved = Files.createDirectories(temp.resolve("elsewhere/renamed"));
    Files.write(moved.resolve("model.onnx"), new byte[] {1, 2, 3});
    Path root = temp.resolve("cache");
    assertEquals(TeacherScoreCache.fileFor(root, a.toString()), TeacherScoreCache.fileFor(root, moved.toString()),
        "the same weights elsewhere keep their scores");
    Files.write(moved.resolve("model.onnx"), new byte[] {1, 2, 4});
    assertNotEquals(TeacherScoreCache.fileFor(root, a.toString()), TeacherScoreCache.fileFor(root, moved.toString()),
        "retrained weights get a new file");
    assertEquals(root.resolve("bge-small-en-v1.5.tsv"), TeacherScoreCache.fileFor(root, "bge-small-en-v1.5"));
  }

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
      float[] two = teacher.score("q", "query", List.of("x", "y"), texts);
      assertEquals(0.5f, two[0], 1e-6);
      assertEquals(0.5f, two[1], 1e-6);
      float[] three = teacher.score("q", "query", List.of("x", "y", "z"), texts);
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
    Path corpus = temp.resolve("corpus.jsonl");
    Files.writeString(corpus, """
        {"_id": "a", "title": "", "text": "vitamin d and bone health"}
        {"_id": "b", "title": "", "text": "vitamin c in citrus fruit and vitamin d"}
        {"_id": "c", "title": "", "text": "exercise and sleep"}
        """);
    Map<String, String> texts = Map.of("a", "vitamin d and bone health", "b", "vitamin c in citrus fruit and vitamin d",
        "c", "exercise and sleep");
    Path caches = temp.resolve("teachers");
    try (PointwiseTeacher teacher = PointwiseTeacher.open(List.of(PointwiseTeacher.BM25), caches, corpus, 1)) {
      float[] scores = teacher.score("q", "bone health", List.of("a", "b", "c"), texts);
      assertTrue(scores[0] > 0, "a has both terms");
      assertEquals(0f, scores[1], "b has neither");
      assertEquals(0f, scores[2]);
      assertTrue(teacher.describe().startsWith("bm25"), teacher.describe());
    }
    assertTrue(Files.exists(caches.resolve("bm25-index")), "the index is built once, beside the caches");
  }

  @Test
  void aDenseScorerEncodesEachPassageOnceAndScoresRightAfterEviction() {
    List<String> encoded = new java.util.ArrayList<>();
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

  private static Reranker byText(String id, Map<String, Float> scores) {
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
