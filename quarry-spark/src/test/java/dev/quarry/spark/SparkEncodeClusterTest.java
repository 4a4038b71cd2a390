/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.testing.SharedData;
import dev.quarry.core.vector.CorpusEncoder;
import dev.quarry.core.vector.VectorStore;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark encode} on {@code local-cluster[2,1,2048]}: two executor JVMs, each with its own encoder, as on a real
 * cluster (the tasks and their results cross process boundaries, serialised). The vectors equal the single-machine
 * encoder's to 1e-6.
 */
class SparkEncodeClusterTest {
  @TempDir Path temp;

  @Test
  void twoExecutorJvmsGiveTheSingleMachinesVectors() throws Exception {
    BeirDataset slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 5, 60);
    Path corpus = slice.corpusFile();
    Path single = temp.resolve("single.f32");
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(SparkEncodeTest.MODEL), OnnxEncoder.DEFAULT_BATCH,
        1, 1, 0)) {
      CorpusEncoder.encode(corpus, encoder, single, temp.resolve("ids.txt"), CorpusEncoder.DEFAULT_WINDOW,
          Progress.NONE);
    }
    // Spark's launcher builds an executor's class path from $SPARK_HOME/jars (set by the pom; empty: there is no
    // Spark distribution here) and spark.executor.extraClassPath (this JVM's class path)
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    SparkSession spark = SparkSession.builder().master("local-cluster[2,1,2048]").appName("quarry-cluster-test")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .getOrCreate();
    Path out = temp.resolve("vectors");
    try {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (spark.sparkContext().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(2, spark.sparkContext().getExecutorMemoryStatus().size() - 1, "two executors besides the driver");
      SparkEncode.encode(spark, corpus, SparkEncodeTest.MODEL, out, 4, false);
      new DenseIndexBuilder(DenseIndexSettings.FLAT, 1).buildFromVectors(new ParquetVectors(spark, out),
          temp.resolve("index"), false, Progress.NONE);
    } finally {
      spark.stop();
    }
    assertArrayEquals(CorpusEncoder.readIds(temp.resolve("ids.txt")),
        CorpusEncoder.readIds(temp.resolve("index/ids.txt")));
    try (VectorStore expected = VectorStore.open(single);
        VectorStore actual = VectorStore.open(temp.resolve("index/vectors.f32"))) {
      float[] a = new float[expected.dimension()];
      float[] b = new float[expected.dimension()];
      for (long i = 0; i < expected.count(); i++) {
        expected.readFloats(i, a);
        actual.readFloats(i, b);
        assertArrayEquals(a, b, 1e-6f, "row " + i);
      }
    }
  }
}
