/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cheap reproductions run in CI: BM25 and zero-shot bge-small on SciFact give the figures their configs record. */
class ReproduceCommandTest {
  @TempDir Path temp;

  @Test
  void theCheapConfigurationsReproduceTheirFigures() {
    SharedData.require("scifact");
    CliHarness r = CliHarness.run("reproduce", "../configs/scifact-bm25.yaml", "../configs/scifact-bge-small.yaml",
        "--cache", temp.resolve("cache").toString(), "--runs", temp.resolve("runs").toString());
    assertEquals(0, r.exitCode(), r.err() + r.out());
    assertEquals(4, r.out().lines().filter(l -> l.endsWith("ok")).count(), r.out());
    assertTrue(r.out().contains("scifact-bm25") && r.out().contains("expected 0.6789 ± 0.0001  got 0.6789"), r.out());
    assertTrue(r.err().contains("all 4 figures reproduced"), r.err());
  }

  @Test
  void aFigureOutsideItsToleranceFailsTheCommand() throws IOException {
    SharedData.require("scifact");
    Path config = temp.resolve("wrong.yaml");
    Files.writeString(config, """
        dataset: scifact
        retriever: bm25
        reproduce:
          command: evaluate
          expected:
            - {metric: ndcg@10, value: 0.7000, tolerance: 0.001}
            - {metric: recall@100, value: 0.9253, tolerance: 0.0001}
          hardware: anything
          took: seconds
        """);
    CliHarness r = CliHarness.run("reproduce", config.toString(), "--cache", temp.resolve("cache").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("expected 0.7000 ± 0.0010  got 0.6789  OUTSIDE"), r.out());
    assertTrue(r.err().contains("1 of 2 figures are outside their tolerance"), r.err());
    Path none = temp.resolve("plain.yaml");
    Files.writeString(none, "dataset: scifact\n");
    CliHarness missing = CliHarness.run("reproduce", none.toString());
    assertEquals(2, missing.exitCode(), "a file without figures is bad usage");
    assertTrue(missing.err().contains("has no 'reproduce:' block"), missing.err());
  }

  @Test
  void aPretrainingConfigurationPretrainsThenEvaluatesOnTheDatasetItsBlockNames() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    String settings = """
        task: crop
        corpus: %s
        model: random:2:64
        pooling: mean
        maxSteps: 2
        batchSize: 4
        queryLength: 16
        passageLength: 16
        checkpointEvery: 0
        seed: 3
        """.formatted(data);
    Path config = temp.resolve("tiny-crop.yaml");
    Files.writeString(config, settings + """
        reproduce:
          command: pretrain
          dataset: %s
          split: train
          expected:
            - {metric: ndcg@10, value: 0.5, tolerance: 0.5}
          hardware: anything
          took: seconds
        """.formatted(data));
    Path runs = temp.resolve("runs");
    CliHarness r = CliHarness.run("reproduce", config.toString(), "--cache", temp.resolve("cache").toString(),
        "--runs", runs.toString());
    assertEquals(0, r.exitCode(), r.err() + r.out());
    java.util.regex.Matcher got = java.util.regex.Pattern.compile("ndcg@10 .* got (\\d\\.\\d{4})").matcher(r.out());
    assertTrue(got.find(), r.out());
    // the same model evaluated by evaluate on the same split gives the figure reproduce checked
    CliHarness direct = CliHarness.run("evaluate", "--dataset", data.toString(), "--split", "train", "--retriever",
        "dense", "--model", runs.resolve("tiny-crop/model").toString(), "--cache", temp.resolve("cache2").toString(),
        "--run", temp.resolve("direct.trec").toString());
    assertEquals(0, direct.exitCode(), direct.err());
    assertTrue(direct.out().lines().anyMatch(l -> l.startsWith("ndcg@10") && l.endsWith("\t" + got.group(1))),
        "evaluate gives " + direct.out() + " against reproduce's " + got.group(1));

    Path timed = temp.resolve("timed.yaml");
    Files.writeString(timed, settings + "maxMinutes: 5\n" + Files.readString(config).substring(settings.length()));
    CliHarness refused = CliHarness.run("reproduce", timed.toString());
    assertEquals(2, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("maxMinutes must be 0"), refused.err());
    Path unnamed = temp.resolve("unnamed.yaml");
    Files.writeString(unnamed, Files.readString(config).replace("  dataset: " + data + "\n", ""));
    CliHarness noDataset = CliHarness.run("reproduce", unnamed.toString());
    assertEquals(2, noDataset.exitCode(), noDataset.err());
    assertTrue(noDataset.err().contains("reproduce.dataset must name the dataset"), noDataset.err());
  }
}
