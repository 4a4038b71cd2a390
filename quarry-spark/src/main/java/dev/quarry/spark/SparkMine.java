/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.training.NegativeMiner;
import dev.quarry.core.training.TrainingExample;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Mines hard negatives on Spark, the job behind {@code quarry spark mine}: the judged queries of a split are searched
 * on Spark ({@link SparkSearch}, a BM25 index for DPR's negatives or a dense index for ANCE's) to the window's end,
 * and {@link NegativeMiner} takes each query's negatives from the window, as {@code quarry train} mines them on one
 * machine: the same examples.
 */
public final class SparkMine {
  private SparkMine() {}

  public static List<TrainingExample> mine(SparkSession spark, BeirDataset data, String split, Path index,
      NegativeMiner miner, int partitions) {
    Qrels qrels = data.qrels(split);
    Queries judged = NegativeMiner.judged(data.queries(), qrels);
    return miner.fromRun(judged, qrels, data.corpusTexts(), SparkSearch.search(spark, index, judged, miner.depth(),
        partitions));
  }
}
