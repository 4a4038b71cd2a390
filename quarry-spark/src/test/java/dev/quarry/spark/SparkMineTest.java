/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.testing.SharedData;
import dev.quarry.core.training.NegativeMiner;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark mine} in {@code local[2]}: BM25 hard negatives for a SciFact train slice, mined on Spark, make the same
 * training file, byte for byte, as {@link NegativeMiner} on one machine.
 */
class SparkMineTest {
  @TempDir Path temp;

  @Test
  void theTrainingFileIsTheSingleMachines() throws IOException {
    BeirDataset slice = SharedData.slice(SharedData.require("scifact"), "train", temp.resolve("scifact"), 25, 200);
    Path index = temp.resolve("bm25");
    new Bm25IndexBuilder().build(slice.corpusFile(), index, false, Progress.NONE);
    NegativeMiner miner = new NegativeMiner(3, 30);
    List<TrainingExample> single;
    try (Bm25Searcher bm25 = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
      single = miner.mine(slice.queries(), slice.qrels("train"), slice.corpusTexts(), bm25, 2, Progress.NONE);
    }
    List<TrainingExample> mined;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("quarry-test")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      mined = SparkMine.mine(spark, slice, "train", index, miner, 3);
    } finally {
      spark.stop();
    }
    assertEquals(25, mined.size());
    assertTrue(mined.stream().allMatch(e -> !e.negatives().isEmpty()), "every query has negatives");
    TrainingData.write(temp.resolve("single.jsonl"), single, false);
    TrainingData.write(temp.resolve("spark.jsonl"), mined, false);
    assertArrayEquals(Files.readAllBytes(temp.resolve("single.jsonl")), Files.readAllBytes(temp.resolve("spark.jsonl")));
  }
}
