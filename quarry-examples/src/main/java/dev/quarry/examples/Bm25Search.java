/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import dev.quarry.api.Dataset;
import dev.quarry.api.Evaluations;
import dev.quarry.api.Index;
import dev.quarry.api.IndexBuilder;
import dev.quarry.core.data.Run;
import java.nio.file.Path;

/** BM25 over a BEIR folder: build the index, search the judged test queries, print nDCG@10. */
public final class Bm25Search {
  private Bm25Search() {}

  /**
   * Runs the example.
   *
   * @param args a BEIR folder (or a dataset's name in $QUARRY_DATA) and the index folder to build
   */
  public static void main(String[] args) {
    search(Dataset.open(args[0]), Path.of(args[1]));
  }

  // readme:start
  static Run search(Dataset dataset, Path indexFolder) {
    Path folder = IndexBuilder.bm25().overwrite(true).build(dataset.corpus(), indexFolder);
    try (Index index = Index.open(folder)) {
      Run run = index.search(dataset.judgedQueries("test"), 100);
      double ndcg = Evaluations.evaluate(run, dataset.qrels("test"), "ndcg@10").mean("ndcg@10");
      System.out.printf("BM25: %d queries, nDCG@10 %.4f%n", run.size(), ndcg);
      return run;
    }
  }
  // readme:end
}
