/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry distill} end to end on the tiny animal collection, BM25 as the teacher: options override the
 * defaults, each round is evaluated on the test split, and {@code --resume} takes more rounds but refuses a change to
 * what was trained.
 */
class DistillCommandTest {
  @TempDir Path temp;

  @Test
  void distillsEvaluatesEachRoundAndResumesWithMoreRounds() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Files.copy(data.resolve("qrels/train.tsv"), data.resolve("qrels/test.tsv"));
    Path out = temp.resolve("distill");
    String cache = temp.resolve("cache").toString();
    CliHarness first = CliHarness.run("distill", "--dataset", data.toString(), "--student", "all-MiniLM-L6-v2",
        "--reranker", "bm25", "--pairwise-weight", "0", "--rounds", "1", "--depth", "6", "--top-k", "4",
        "--group-size", "4", "--batch-size", "4", "--epochs", "1", "--query-length", "16", "--passage-length", "16",
        "--out", out.toString(), "--cache", cache);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.err().contains("groupSize           4"), "the effective configuration first:\n" + first.err());
    assertTrue(first.err().contains("round 1: pointwise teacher agrees"), first.err());
    assertTrue(Files.exists(out.resolve("round-1/test.trec")), "each round is evaluated on the test split");
    double round1 = first.mean("ndcg@10");

    CliHarness changed = CliHarness.run("distill", "--out", out.toString(), "--resume", "--rounds", "2", "--epochs",
        "3", "--cache", cache);
    assertEquals(2, changed.exitCode(), "a change to what was trained is bad usage");
    assertTrue(changed.err().contains("drop --epochs"), changed.err());

    CliHarness more = CliHarness.run("distill", "--out", out.toString(), "--resume", "--rounds", "2", "--cache", cache);
    assertEquals(0, more.exitCode(), more.err());
    assertTrue(more.err().contains("round 1:") && more.err().contains("round 2:"), more.err());
    assertTrue(Files.exists(out.resolve("round-2/model/model.onnx")));
    assertEquals(round1, more.out().lines().filter(l -> l.startsWith("ndcg@10")).findFirst()
        .map(l -> Double.parseDouble(l.strip().split("\\s+")[2])).orElseThrow(),
        "the kept round is scored again from its run");
  }
}
