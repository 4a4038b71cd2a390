/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.testing.SharedData;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.onnx.testing.RerankerModels;
import dev.quarry.rerank.CachedTeachers;
import dev.quarry.rerank.PairwiseAggregation;
import dev.quarry.rerank.Rerankers;
import dev.quarry.rerank.TeacherScoreCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark teach} in {@code local[2]}: a BM25 run's top 20 on a SciFact slice scored into a teacher cache whose
 * every score equals the one the single machine's {@link CachedTeachers} computes and caches; a second job finds
 * everything cached and scores nothing; every ordered pair of each query's top 4 scored by a pairwise teacher as the
 * single machine scores it; a run naming a document the corpus lacks is refused naming it.
 */
class SparkTeachTest {
  static final String TEACHER = "all-MiniLM-L6-v2";
  @TempDir static Path temp;
  static SparkSession spark;
  static BeirDataset slice;
  static Run run;

  @BeforeAll
  static void setUp() {
    slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 12, 150);
    Path index = temp.resolve("bm25");
    new Bm25IndexBuilder().build(slice.corpusFile(), index, false, Progress.NONE);
    run = new Run();
    try (Bm25Searcher searcher = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
      slice.queries().asMap().forEach((id, text) -> run.put(id, searcher.search(text, 30)));
    }
    spark = SparkSession.builder().master("local[2]").appName("quarry-test").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void scoresEqualTheSingleMachinesAndAreNeverComputedTwice() {
    Queries queries = slice.queries();
    Map<String, String> texts = slice.corpusTexts();
    try (TeacherScoreCache spark1 = new TeacherScoreCache(temp.resolve("spark.tsv"));
        TeacherScoreCache single = new TeacherScoreCache(temp.resolve("single.tsv"));
        Reranker teacher = Rerankers.pointwise(TEACHER, 2)) {
      SparkTeach.Result result = SparkTeach.teach(spark, slice.corpusFile(), queries, run, 20, TEACHER, spark1, 3);
      assertEquals(queries.size() * 20L, result.scored());
      assertEquals(0, result.cached());
      for (String qid : run.queryIds()) {
        List<String> ids = run.results(qid).stream().limit(20).map(ScoredDocument::docId).toList();
        float[] expected = CachedTeachers.score(teacher, single, queries.text(qid), ids, texts);
        for (int i = 0; i < ids.size(); i++) {
          Float actual = spark1.get(TeacherScoreCache.key(queries.text(qid), ids.get(i)));
          assertEquals(expected[i], actual, 1e-6f * Math.max(1, Math.abs(expected[i])), qid + " " + ids.get(i));
        }
      }
      SparkTeach.Result again = SparkTeach.teach(spark, slice.corpusFile(), queries, run, 20, TEACHER, spark1, 3);
      assertEquals(0, again.scored());
      assertEquals(queries.size() * 20L, again.cached());
    }
  }

  @Test
  void pairwisePreferencesEqualTheSingleMachinesAndAreNeverComputedTwice() {
    Path model = RerankerModels.untrained(temp.resolve("pairwise"), ModelKind.PAIRWISE, 7);
    Queries queries = slice.queries();
    Map<String, String> texts = slice.corpusTexts();
    int depth = 4;
    try (TeacherScoreCache spark1 = new TeacherScoreCache(temp.resolve("spark-pairs.tsv"));
        TeacherScoreCache single = new TeacherScoreCache(temp.resolve("single-pairs.tsv"));
        OnnxPairwiseReranker teacher = new OnnxPairwiseReranker(model, 8, 2)) {
      // one query's pairs cached beforehand: its missing pairs are scored, the cached one kept
      String first = run.queryIds().iterator().next();
      List<String> top = run.results(first).stream().limit(depth).map(ScoredDocument::docId).toList();
      spark1.putAll(List.of(TeacherScoreCache.key(queries.text(first), top.get(0), top.get(1))), new float[] {0.5f});
      SparkTeach.Result result = SparkTeach.teachPairwise(spark, slice.corpusFile(), queries, run, depth,
          model.toString(), spark1, 3);
      long pairs = (long) queries.size() * depth * (depth - 1);
      assertEquals(pairs - 1, result.scored());
      assertEquals(1, result.cached());
      for (String qid : run.queryIds()) {
        List<String> ids = run.results(qid).stream().limit(depth).map(ScoredDocument::docId).toList();
        List<String[]> ordered = PairwiseAggregation.orderedPairs(ids.size()).stream()
            .map(p -> new String[] {ids.get(p[0]), ids.get(p[1])}).toList();
        float[] expected = CachedTeachers.preferences(teacher, single, queries.text(qid), ordered, texts);
        for (int i = 0; i < ordered.size(); i++) {
          Float actual = spark1.get(TeacherScoreCache.key(queries.text(qid), ordered.get(i)));
          float want = qid.equals(first) && i == 0 ? 0.5f : expected[i];
          assertEquals(want, actual, 1e-6f, qid + " " + String.join(" > ", ordered.get(i)));
        }
      }
      SparkTeach.Result again = SparkTeach.teachPairwise(spark, slice.corpusFile(), queries, run, depth,
          model.toString(), spark1, 3);
      assertEquals(0, again.scored());
      assertEquals(pairs, again.cached());
    }
  }

  @Test
  void aRunNamingAnUnknownDocumentIsRefused() {
    Run bad = new Run();
    String qid = slice.queries().ids().iterator().next();
    bad.put(qid, List.of(new ScoredDocument("no-such-doc", 1f)));
    try (TeacherScoreCache cache = new TeacherScoreCache(temp.resolve("bad.tsv"))) {
      Exception e = assertThrows(IllegalArgumentException.class,
          () -> SparkTeach.teach(spark, slice.corpusFile(), slice.queries(), bad, 5, TEACHER, cache, 2));
      assertTrue(e.getMessage().contains("such as 'no-such-doc'"), e.getMessage());
    }
  }
}
