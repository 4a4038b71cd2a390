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

/** {@code quarry train} end to end on a tiny hand-made collection with a tiny random encoder (from a config file). */
class TrainCommandTest {
  @TempDir Path temp;

  /** The animals, with their train judgments as a test split too (the trained model is evaluated on it). */
  private Path dataset() throws IOException {
    Path dir = animals(temp);
    Files.copy(dir.resolve("qrels/train.tsv"), dir.resolve("qrels/test.tsv"));
    return dir;
  }

  /** Twelve animals, a query each, judged in a train split. */
  static Path animals(Path temp) throws IOException {
    Path dir = temp.resolve("animals");
    Files.createDirectories(dir.resolve("qrels"));
    StringBuilder corpus = new StringBuilder();
    StringBuilder queries = new StringBuilder();
    StringBuilder train = new StringBuilder("query-id\tcorpus-id\tscore\n");
    String[] animals = {"cat", "dog", "horse", "cow", "sheep", "goat", "duck", "goose", "swan", "crow", "owl", "hawk"};
    for (int i = 0; i < animals.length; i++) {
      corpus.append("{\"_id\": \"d").append(i).append("\", \"title\": \"").append(animals[i])
          .append("\", \"text\": \"all about the ").append(animals[i]).append(" and its habits\"}\n");
      queries.append("{\"_id\": \"q").append(i).append("\", \"text\": \"habits of the ").append(animals[i])
          .append("\"}\n");
      train.append("q").append(i).append("\td").append(i).append("\t1\n");
    }
    Files.writeString(dir.resolve("corpus.jsonl"), corpus);
    Files.writeString(dir.resolve("queries.jsonl"), queries);
    Files.writeString(dir.resolve("qrels/train.tsv"), train);
    return dir;
  }

  @Test
  void trainsFromAConfigFileWithOverridesAndRefusesAnExistingFolder() throws IOException {
    Path data = dataset();
    Path config = temp.resolve("tiny.yaml");
    Files.writeString(config, """
        dataset: %s
        model: random:1:32
        negatives: bm25
        windowFrom: 0
        windowTo: 5
        batchSize: 4
        epochs: 1
        learningRate: 0.001
        queryLength: 16
        passageLength: 16
        devQueries: 2
        testSplit: test
        """.formatted(data));
    Path out = temp.resolve("run");
    String cache = temp.resolve("cache").toString();
    CliHarness r = CliHarness.run("train", "--config", config.toString(), "--out", out.toString(), "--epochs", "2",
        "--seed", "7", "--cache", cache);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("quarry train"), r.err());
    assertTrue(r.err().lines().anyMatch(l -> l.matches("\\s+epochs\\s+2")), "the override in the configuration:\n"
        + r.err());
    assertTrue(r.err().contains("trained 4 steps"), r.err());
    assertTrue(Files.exists(out.resolve("model/model.onnx")), "a random tiny model has an ONNX graph of its own");
    assertTrue(r.out().contains("ndcg@10"), "and is evaluated on the test split:\n" + r.out() + r.err());
    // the same seed in another folder trains the same weights: its evaluation shares the first one's cached vectors
    CliHarness twin = CliHarness.run("train", "--config", config.toString(), "--out", temp.resolve("twin").toString(),
        "--epochs", "2", "--seed", "7", "--cache", cache);
    assertEquals(0, twin.exitCode(), twin.err());
    assertEquals(r.out(), twin.out());
    assertTrue(Files.exists(out.resolve("model/model.safetensors")));
    assertTrue(Files.exists(out.resolve("log.jsonl")));
    assertTrue(Files.readString(out.resolve("config.json")).contains("\"seed\" : 7"));

    CliHarness again = CliHarness.run("train", "--config", config.toString(), "--out", out.toString());
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains("already exists; pass --resume"), again.err());
    CliHarness resumedWithChanges = CliHarness.run("train", "--out", out.toString(), "--resume", "--epochs", "3");
    assertEquals(2, resumedWithChanges.exitCode());
    assertTrue(resumedWithChanges.err().contains("drop --epochs"), resumedWithChanges.err());
    CliHarness unknown = CliHarness.run("train", "--config", temp.resolve("missing.yaml").toString(), "--out",
        temp.resolve("x").toString());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("missing.yaml does not exist"), unknown.err());
    Path bad = temp.resolve("bad.yaml");
    Files.writeString(bad, "epochz: 3\n");
    CliHarness badKey = CliHarness.run("train", "--config", bad.toString(), "--out", temp.resolve("y").toString());
    assertEquals(2, badKey.exitCode());
    assertTrue(badKey.err().contains("unknown setting 'epochz'"), badKey.err());
  }
}
