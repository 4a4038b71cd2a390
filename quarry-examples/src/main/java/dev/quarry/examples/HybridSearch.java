/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import dev.quarry.api.Dataset;
import dev.quarry.api.Evaluations;
import dev.quarry.api.Index;
import dev.quarry.api.Runs;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import java.nio.file.Path;
import java.util.List;

/** Hybrid retrieval: a BM25 index and a dense index searched with the same queries, fused by reciprocal rank. */
public final class HybridSearch {
  private HybridSearch() {}

  /**
   * Runs the example.
   *
   * @param args a BEIR folder (or a dataset's name in $QUARRY_DATA), a BM25 index and a dense index of its corpus
   */
  public static void main(String[] args) {
    search(Dataset.open(args[0]), Path.of(args[1]), Path.of(args[2]));
  }

  // readme:start
  static Run search(Dataset dataset, Path bm25Index, Path denseIndex) {
    Queries queries = dataset.judgedQueries("test");
    try (Index bm25 = Index.open(bm25Index); Index dense = Index.open(denseIndex)) {
      Run hybrid = Runs.reciprocalRank(List.of(bm25.search(queries, 100), dense.search(queries, 100)), 100);
      double ndcg = Evaluations.evaluate(hybrid, dataset.qrels("test"), "ndcg@10").mean("ndcg@10");
      System.out.printf("hybrid: nDCG@10 %.4f%n", ndcg);
      return hybrid;
    }
  }
  // readme:end
}
