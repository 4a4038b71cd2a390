package dev.quarry.train.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.rerank.Reranker;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  void anEnsembleFusesNormalisedScores() {
    Reranker a = fixed("a", new float[] {10, 0, 5});
    Reranker b = fixed("b", new float[] {0, 1, 2});
    float[] fused = new EnsembleReranker(List.of(a, b), List.of(0.5, 0.5)).score("q", List.of("x", "y", "z"));
    assertEquals(0.5f, fused[0], 1e-6);
    assertEquals(0.25f, fused[1], 1e-6);
    assertEquals(0.75f, fused[2], 1e-6);
    Set<String> ids = Set.of(new EnsembleReranker(List.of(a, b), List.of(0.5, 0.5)).modelId());
    assertTrue(ids.iterator().next().contains("a=0.5"));
  }

  private static Reranker fixed(String id, float[] scores) {
    return new Reranker() {
      @Override
      public String modelId() {
        return id;
      }

      @Override
      public float[] score(String query, List<String> passages) {
        return scores.clone();
      }

      @Override
      public void close() {}
    };
  }
}
