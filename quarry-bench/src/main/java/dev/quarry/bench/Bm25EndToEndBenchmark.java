/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import dev.quarry.core.PeakMemory;
import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * End to end on a real dataset: builds the BM25 index (median of several builds), then runs the split's judged
 * queries at top-k with 1 and 2 threads, after warm-up, and prints the median queries/s of the measured rounds,
 * the nDCG@10 as a check, and the process's peak resident memory.
 *
 * <p>Usage: {@code Bm25EndToEndBenchmark [dataset] [split] [k] [builds] [warmup rounds] [measured rounds]}.
 */
public final class Bm25EndToEndBenchmark {
  private Bm25EndToEndBenchmark() {}

  public static void main(String[] args) throws IOException {
    String name = args.length > 0 ? args[0] : "scifact";
    String split = args.length > 1 ? args[1] : "test";
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int builds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 20;
    BeirDataset data = DatasetLocator.locate(name);
    Qrels qrels = data.qrels(split);
    Queries queries = data.queries().filter(qrels::contains);
    Path temp = Files.createTempDirectory("quarry-bench");
    Path index = temp.resolve("index");
    System.out.printf(Locale.ROOT, "dataset %s, split %s (%d queries), k=%d, %d cores, Java %s%n", data.folder(),
        split, queries.size(), k, Runtime.getRuntime().availableProcessors(), Runtime.version());
    try {
      double[] buildSeconds = new double[builds];
      long documents = 0;
      for (int i = 0; i < builds; i++) {
        long start = System.nanoTime();
        documents = new Bm25IndexBuilder().build(data.corpusFile(), index, true, Progress.NONE).documents();
        buildSeconds[i] = (System.nanoTime() - start) / 1e9;
      }
      System.out.printf(Locale.ROOT, "index: %d documents, median build %.2f s over %d builds (first %.2f s)%n",
          documents, median(buildSeconds), builds, buildSeconds[0]);
      try (Bm25Searcher searcher = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
        for (int threads : new int[] {1, 2}) {
          Run run = null;
          for (int i = 0; i < warmup; i++) {
            run = BatchSearch.search(searcher, queries, k, threads, Progress.NONE);
          }
          double[] qps = new double[rounds];
          for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            run = BatchSearch.search(searcher, queries, k, threads, Progress.NONE);
            qps[i] = queries.size() / ((System.nanoTime() - start) / 1e9);
          }
          double ndcg = new Evaluator(qrels, Metric.parseList("ndcg@10")).evaluate(run).mean("ndcg@10");
          System.out.printf(Locale.ROOT, "search, %d thread%s: median %.0f queries/s (min %.0f, max %.0f) over %d"
              + " rounds after %d warm-up rounds; nDCG@10 %.4f%n", threads, threads == 1 ? "" : "s", median(qps),
              Arrays.stream(qps).min().orElse(0), Arrays.stream(qps).max().orElse(0), rounds, warmup, ndcg);
        }
      }
      System.out.printf(Locale.ROOT, "peak resident memory: %s%n", PeakMemory.describe());
    } finally {
      AtomicDirectory.deleteRecursively(temp);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
