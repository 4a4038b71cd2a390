/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.testing.SharedData;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.testing.RerankerModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark encode} then {@code index --from-vectors} through the command line, on a SciFact slice in
 * {@code local[2]}: the index searches as the one {@code index --kind dense} builds by encoding (the same run, line
 * for line); {@code spark teach} fills the teacher caches (pointwise, and a pairwise teacher's ordered pairs) so
 * that {@code rerank} (with {@code --pairwise}) computes nothing; {@code spark mine} writes a
 * training file; and what the
 * commands refuse.
 */
class SparkCommandLineTest {
  @TempDir Path temp;

  @Test
  void vectorsEncodedOnSparkIndexAndSearchAsEncodedHere() throws IOException {
    Path slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 10, 100).folder();
    Path vectors = temp.resolve("vectors");
    CliHarness encoded = CliHarness.run("spark", "encode", "--corpus", slice.toString(), "--model",
        "all-MiniLM-L6-v2", "--out", vectors.toString(), "--master", "local[2]", "--partitions", "3");
    assertEquals(0, encoded.exitCode(), encoded.err());
    assertTrue(encoded.err().contains("encoded ") && encoded.err().contains("passages/s"), encoded.err());
    CliHarness fromVectors = CliHarness.run("index", "--kind", "dense", "--from-vectors", vectors.toString(),
        "--index", temp.resolve("spark-index").toString());
    assertEquals(0, fromVectors.exitCode(), fromVectors.err());
    CliHarness here = CliHarness.run("index", "--kind", "dense", "--corpus", slice.toString(), "--model",
        "all-MiniLM-L6-v2", "--index", temp.resolve("index").toString());
    assertEquals(0, here.exitCode(), here.err());
    for (String index : new String[] {"spark-index", "index"}) {
      CliHarness searched = CliHarness.run("search", "--index", temp.resolve(index).toString(), "--dataset",
          slice.toString(), "--out", temp.resolve(index + ".trec").toString(), "--k", "10");
      assertEquals(0, searched.exitCode(), searched.err());
    }
    assertEquals(Files.readAllLines(temp.resolve("index.trec")), Files.readAllLines(temp.resolve("spark-index.trec")));

    String cache = temp.resolve("cache").toString();
    CliHarness taught = CliHarness.run("spark", "teach", "--run", temp.resolve("index.trec").toString(), "--dataset",
        slice.toString(), "--reranker", "all-MiniLM-L6-v2", "--depth", "10", "--cache", cache, "--master",
        "local[2]");
    assertEquals(0, taught.exitCode(), taught.err());
    assertTrue(taught.err().contains("all-MiniLM-L6-v2: 100 pairs scored, 0 already in"), taught.err());
    CliHarness reranked = CliHarness.run("rerank", "--run", temp.resolve("index.trec").toString(), "--dataset",
        slice.toString(), "--reranker", "all-MiniLM-L6-v2", "--depth", "10", "--cache", cache, "--out",
        temp.resolve("reranked.trec").toString());
    assertEquals(0, reranked.exitCode(), reranked.err());
    assertTrue(reranked.err().contains("teacher scores: 0 computed, 100 from the cache"), reranked.err());

    // every ordered pair of the pointwise teacher's top 4 (the order rerank wrote), for rerank --pairwise
    Path pairwise = RerankerModels.untrained(temp.resolve("pairwise"), ModelKind.PAIRWISE, 3);
    CliHarness pairsTaught = CliHarness.run("spark", "teach", "--run", temp.resolve("reranked.trec").toString(),
        "--dataset", slice.toString(), "--pairwise", pairwise.toString(), "--pairwise-depth", "4", "--cache", cache,
        "--master", "local[2]");
    assertEquals(0, pairsTaught.exitCode(), pairsTaught.err());
    assertTrue(pairsTaught.err().contains(": 120 ordered pairs scored, 0 already in"), pairsTaught.err());
    CliHarness duo = CliHarness.run("rerank", "--run", temp.resolve("index.trec").toString(), "--dataset",
        slice.toString(), "--reranker", "all-MiniLM-L6-v2", "--depth", "10", "--pairwise", pairwise.toString(),
        "--pairwise-depth", "4", "--cache", cache, "--out", temp.resolve("duo.trec").toString());
    assertEquals(0, duo.exitCode(), duo.err());
    assertTrue(duo.err().contains("teacher scores: 0 computed, 220 from the cache"), duo.err());
    CliHarness noTeacher = CliHarness.run("spark", "teach", "--run", temp.resolve("index.trec").toString(),
        "--dataset", slice.toString());
    assertEquals(2, noTeacher.exitCode(), noTeacher.err());
    assertTrue(noTeacher.err().contains("give a teacher"), noTeacher.err());

    Path bm25Index = temp.resolve("bm25");
    assertEquals(0, CliHarness.run("index", "--corpus", slice.toString(), "--index", bm25Index.toString()).exitCode());
    CliHarness mined = CliHarness.run("spark", "mine", "--dataset", slice.toString(), "--split", "test", "--index",
        bm25Index.toString(), "--window", "2:10", "--out", temp.resolve("mined.jsonl").toString(), "--master",
        "local[2]");
    assertEquals(0, mined.exitCode(), mined.err());
    assertEquals(10, Files.readAllLines(temp.resolve("mined.jsonl")).size(), "one example per judged query");
    CliHarness badWindow = CliHarness.run("spark", "mine", "--dataset", slice.toString(), "--index",
        bm25Index.toString(), "--window", "10", "--out", temp.resolve("m2.jsonl").toString());
    assertEquals(2, badWindow.exitCode(), badWindow.err());
    assertTrue(badWindow.err().contains("--window") && badWindow.err().contains("FROM:TO"), badWindow.err());

    CliHarness bm25 = CliHarness.run("index", "--kind", "bm25", "--from-vectors", vectors.toString(), "--index",
        temp.resolve("x").toString());
    assertEquals(2, bm25.exitCode(), bm25.err());
    assertTrue(bm25.err().contains("--from-vectors builds a dense index"), bm25.err());
    CliHarness notVectors = CliHarness.run("index", "--kind", "dense", "--from-vectors", slice.toString(),
        "--index", temp.resolve("y").toString());
    assertEquals(2, notVectors.exitCode(), notVectors.err());
    assertTrue(notVectors.err().contains("not vectors written by 'quarry spark encode'"), notVectors.err());
    CliHarness noJob = CliHarness.run("spark");
    assertEquals(2, noJob.exitCode(), noJob.err());
    assertTrue(noJob.err().contains("give a job: encode, mine or teach"), noJob.err());
  }
}
