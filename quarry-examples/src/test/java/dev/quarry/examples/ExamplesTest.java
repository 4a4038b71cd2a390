/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.api.Dataset;
import dev.quarry.api.Evaluations;
import dev.quarry.api.Index;
import dev.quarry.api.Runs;
import dev.quarry.cli.Quarry;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.PairedComparison;
import dev.quarry.core.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example on a real SciFact slice (the first 30 judged test queries, their judged documents and 300 others)
 * and checks what it returns: against the judgments, and against the command line's answer on the same data.
 */
class ExamplesTest {
  @TempDir static Path temp;
  static Dataset slice;
  static Qrels qrels;
  private static Run bm25;
  private static Path denseIndex;
  private static List<ScoredDocument> denseTop;

  @BeforeAll
  static void slice() {
    Path folder = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 30, 300).folder();
    slice = Dataset.open(folder);
    qrels = slice.qrels("test");
  }

  /** The BM25 example's run, built once. */
  static synchronized Run bm25() {
    if (bm25 == null) {
      bm25 = Bm25Search.search(slice, temp.resolve("bm25"));
    }
    return bm25;
  }

  static Path bm25Index() {
    bm25();
    return temp.resolve("bm25");
  }

  /** The dense example's index, built once. */
  static synchronized Path denseIndex() {
    if (denseIndex == null) {
      denseIndex = temp.resolve("dense");
      denseTop = DenseSearch.search(slice, denseIndex, slice.judgedQueries("test").asMap().values().iterator().next());
    }
    return denseIndex;
  }

  static double mean(Run run, String metric) {
    return Evaluations.evaluate(run, qrels, metric).mean(metric);
  }

  @Test
  void bm25SearchFindsTheJudgedDocumentsAndEqualsTheCommandLine() {
    Run run = bm25();
    assertEquals(30, run.size());
    assertTrue(mean(run, "recall@100") > 0.9, "recall@100 " + mean(run, "recall@100"));
    Path cliRun = temp.resolve("cli-bm25.trec");
    quarry("search", "--index", bm25Index().toString(), "--dataset", slice.folder().toString(),
        "--out", cliRun.toString(), "--k", "100");
    Run cli = Runs.read(cliRun);
    assertEquals(cli.queryIds(), run.queryIds());
    for (String q : run.queryIds()) {
      assertEquals(ids(cli.results(q)), ids(run.results(q)), "query " + q);
    }
  }

  @Test
  void denseSearchRanksAJudgedDocumentFirstForMostQueries() {
    Path index = denseIndex();
    try (Index dense = Index.open(index)) {
      assertEquals("dense", dense.kind());
      assertEquals("all-MiniLM-L6-v2-int8", dense.model(), "the model the example asked for");
      int hits = 0;
      for (Map.Entry<String, String> q : slice.judgedQueries("test").asMap().entrySet()) {
        List<ScoredDocument> top = dense.search(q.getValue(), 5);
        assertEquals(5, top.size());
        hits += qrels.judgments(q.getKey()).containsKey(top.get(0).docId()) ? 1 : 0;
      }
      assertTrue(hits >= 15, hits + " of 30 queries have a judged document first");
    }
    assertEquals(5, denseTop.size());
    assertTrue(denseTop.get(0).score() >= denseTop.get(4).score(), "best first: " + denseTop);
  }

  @Test
  void hybridSearchIsAtLeastAsGoodAsTheWeakerRetriever() {
    Run hybrid = HybridSearch.search(slice, bm25Index(), denseIndex());
    try (Index dense = Index.open(denseIndex())) {
      Run denseRun = dense.search(slice.judgedQueries("test"), 100);
      double weaker = Math.min(mean(bm25(), "ndcg@10"), mean(denseRun, "ndcg@10"));
      assertTrue(mean(hybrid, "ndcg@10") >= weaker, mean(hybrid, "ndcg@10") + " < " + weaker);
      String q = hybrid.queryIds().iterator().next();
      assertNotEquals(ids(bm25().results(q)), ids(hybrid.results(q)), "the fused list is neither input");
      assertNotEquals(ids(denseRun.results(q)), ids(hybrid.results(q)), "the fused list is neither input");
    }
  }

  @Test
  void rerankingReordersTheTop20AndImprovesBm25() {
    Run first = bm25();
    Run reranked = RerankRun.rerank(slice, first, temp.resolve("scores"));
    int reordered = 0;
    for (String q : first.queryIds()) {
      List<String> top20 = ids(first.results(q)).subList(0, Math.min(20, first.results(q).size()));
      List<String> after = ids(reranked.results(q));
      assertEquals(new HashSet<>(top20), new HashSet<>(after), "query " + q + ": the same 20 documents");
      reordered += top20.equals(after) ? 0 : 1;
    }
    assertTrue(reordered > 20, reordered + " queries reordered");
    assertTrue(mean(reranked, "ndcg@10") > mean(first, "ndcg@10"),
        mean(reranked, "ndcg@10") + " vs BM25's " + mean(first, "ndcg@10"));
  }

  @Test
  void compareRunsGivesTheCommandLinesPValues() {
    Path base = temp.resolve("base.trec");
    Path other = temp.resolve("other.trec");
    Runs.write(bm25(), base, "bm25");
    try (Index dense = Index.open(denseIndex())) {
      Runs.write(dense.search(slice.judgedQueries("test"), 100), other, "dense");
    }
    Map<String, PairedComparison> comparisons = CompareRuns.compare(slice, Runs.read(base), Runs.read(other));
    assertEquals(List.of("ndcg@10", "recall@100"), List.copyOf(comparisons.keySet()));
    String cli = quarry("eval", "--dataset", slice.folder().toString(), "--run", other.toString(), "--baseline",
        base.toString(), "--metrics", "ndcg@10,recall@100");
    for (Map.Entry<String, PairedComparison> e : comparisons.entrySet()) {
      PairedComparison c = e.getValue();
      assertEquals(30, c.queries());
      assertTrue(c.tTestP() >= 0 && c.tTestP() <= 1 && c.randomizationP() > 0 && c.randomizationP() <= 1, "" + c);
      assertTrue(cli.contains(String.format(Locale.ROOT, "%-12s\tall\t%+.4f", e.getKey() + ":delta", c.delta())), cli);
      assertTrue(cli.contains(String.format(Locale.ROOT, "%-12s\tall\t%.4f", e.getKey() + ":t_test_p", c.tTestP())),
          cli);
      assertTrue(cli.contains(String.format(Locale.ROOT, "%-12s\tall\t%.4f", e.getKey() + ":randomization_p",
          c.randomizationP())), cli);
    }
  }

  static List<String> ids(List<ScoredDocument> docs) {
    return docs.stream().map(ScoredDocument::docId).toList();
  }

  /** Runs the command line, which must succeed, and returns its standard output. */
  static String quarry(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Quarry.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, String.join(" ", args) + "\n" + err);
    return out.toString();
  }
}
