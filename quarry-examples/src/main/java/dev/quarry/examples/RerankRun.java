/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import dev.quarry.api.Dataset;
import dev.quarry.api.Reranking;
import dev.quarry.api.Runs;
import dev.quarry.core.data.Run;
import java.nio.file.Path;

/** Reranking: the top 20 of a first-stage run reordered by an embedded dense model's scores, cached on disk. */
public final class RerankRun {
  private RerankRun() {}

  /**
   * Runs the example.
   *
   * @param args a BEIR folder (or a dataset's name in $QUARRY_DATA), the run to rerank, where to write the reranked
   *     run, and the folder that caches scores
   */
  public static void main(String[] args) {
    Run reranked = rerank(Dataset.open(args[0]), Runs.read(Path.of(args[1])), Path.of(args[3]));
    Runs.write(reranked, Path.of(args[2]), "reranked");
  }

  // readme:start
  static Run rerank(Dataset dataset, Run firstStage, Path scoreCache) {
    try (Reranking reranking = Reranking.with("bge-small-en-v1.5-int8").depth(20).cache(scoreCache)
        .open(dataset)) {
      return reranking.rerank(firstStage);
    }
  }
  // readme:end
}
