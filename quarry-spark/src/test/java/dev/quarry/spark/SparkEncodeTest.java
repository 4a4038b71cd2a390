/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.testing.SharedData;
import dev.quarry.core.vector.CorpusEncoder;
import dev.quarry.core.vector.VectorStore;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark encode} in {@code local[2]} on a SciFact slice against the single-machine {@link CorpusEncoder}: the
 * same ids in the same order and the same vectors (to 1e-6) whatever the partitioning; an index built from the
 * Parquet equals one built by encoding; bad input fails naming the file and line, and leaves nothing behind.
 */
class SparkEncodeTest {
  static final String MODEL = "all-MiniLM-L6-v2";
  static SparkSession spark;
  @TempDir static Path temp;
  static Path corpus;
  static String[] ids;
  static float[][] vectors;

  @BeforeAll
  static void setUp() {
    BeirDataset slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 10, 150);
    corpus = slice.corpusFile();
    spark = SparkSession.builder().master("local[2]").appName("quarry-test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Path single = temp.resolve("single");
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(MODEL), OnnxEncoder.DEFAULT_BATCH, 2, 1, 0)) {
      CorpusEncoder.encode(corpus, encoder, single.resolveSibling("single.f32"), single.resolveSibling("ids.txt"),
          CorpusEncoder.DEFAULT_WINDOW, Progress.NONE);
    }
    ids = CorpusEncoder.readIds(single.resolveSibling("ids.txt"));
    try (VectorStore store = VectorStore.open(single.resolveSibling("single.f32"))) {
      vectors = new float[ids.length][store.dimension()];
      for (int i = 0; i < ids.length; i++) {
        store.readFloats(i, vectors[i]);
      }
    }
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void vectorsEqualTheSingleMachinesWhateverThePartitioning() throws IOException {
    for (int partitions : new int[] {1, 3}) {
      Path out = temp.resolve("vectors-" + partitions);
      SparkEncode.Result result = SparkEncode.encode(spark, corpus, MODEL, out, partitions, false);
      assertEquals(ids.length, result.documents());
      assertEquals(384, result.dimension());
      Path index = temp.resolve("index-" + partitions);
      new DenseIndexBuilder(DenseIndexSettings.FLAT, 2).buildFromVectors(new ParquetVectors(spark, out), index,
          false, Progress.NONE);
      assertArrayEquals(ids, Files.readAllLines(index.resolve("ids.txt")).toArray(String[]::new), "corpus order");
      try (VectorStore store = VectorStore.open(index.resolve("vectors.f32"))) {
        assertEquals(MODEL, store.modelId());
        float[] row = new float[store.dimension()];
        for (int i = 0; i < ids.length; i++) {
          store.readFloats(i, row);
          assertArrayEquals(vectors[i], row, 1e-6f, ids[i] + " with " + partitions + " partitions");
        }
      }
    }
    Exception again = assertThrows(IllegalArgumentException.class,
        () -> SparkEncode.encode(spark, corpus, MODEL, temp.resolve("vectors-1"), 2, false));
    assertTrue(again.getMessage().contains("vectors-1"), again.getMessage());
  }

  @Test
  void aBadLineFailsNamingFileAndLineAndLeavesNothing() throws IOException {
    Path bad = temp.resolve("bad.jsonl");
    List<String> lines = Files.readAllLines(corpus).subList(0, 40);
    Files.write(bad, Stream.concat(lines.stream(), Stream.of("{\"_id\": \"x\", \"text\": ")).toList());
    Path out = temp.resolve("bad-vectors");
    Exception e = assertThrows(Exception.class, () -> SparkEncode.encode(spark, bad, MODEL, out, 2, false));
    assertTrue(e.getMessage().contains(bad + ":41: malformed JSON"), e.getMessage());
    Path twice = temp.resolve("twice.jsonl");
    Files.write(twice, Stream.concat(lines.stream(), Stream.of(lines.get(3))).toList());
    Exception duplicate = assertThrows(IllegalArgumentException.class,
        () -> SparkEncode.encode(spark, twice, MODEL, out, 2, false));
    assertTrue(duplicate.getMessage().startsWith(twice + ": duplicate document id"), duplicate.getMessage());
    try (Stream<Path> left = Files.list(temp)) {
      assertFalse(left.anyMatch(p -> p.getFileName().toString().contains("bad-vectors")), "nothing left behind");
    }
  }

  @Test
  void aModelOfAnotherKindIsRefused() {
    Exception e = assertThrows(IllegalArgumentException.class,
        () -> SparkEncode.encode(spark, corpus, "no-such-model", temp.resolve("x"), 2, false));
    assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
  }
}
