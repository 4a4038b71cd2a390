/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry pretrain} end to end on a tiny hand-made corpus with a tiny random encoder: ICT trains and
 * writes {@code OUT/model}; a task the corpus cannot feed, a bad task list and a bad setting stop with one line and
 * exit 2, leaving no run folder behind.
 */
class PretrainCommandTest {
  @TempDir Path temp;

  /** Twelve documents of two sentences each (ICT needs a sentence and the rest of its paragraph). */
  private Path corpus() throws IOException {
    Path dir = temp.resolve("animals");
    Files.createDirectories(dir);
    StringBuilder corpus = new StringBuilder();
    String[] animals = {"cat", "dog", "horse", "cow", "sheep", "goat", "duck", "goose", "swan", "crow", "owl", "hawk"};
    for (int i = 0; i < animals.length; i++) {
      corpus.append("{\"_id\": \"d").append(i).append("\", \"title\": \"").append(animals[i])
          .append("\", \"text\": \"All about the ").append(animals[i]).append(" and its habits. The ")
          .append(animals[i]).append(" lives on a farm or in the wild.\"}\n");
    }
    Files.writeString(dir.resolve("corpus.jsonl"), corpus);
    return dir;
  }

  @Test
  void pretrainsWithIctOnABeirCorpusAndWritesTheModel() throws IOException {
    Path data = corpus();
    Path out = temp.resolve("run");
    CliHarness r = CliHarness.run("pretrain", "--task", "ict,crop=0.5", "--corpus", data.toString(), "--model",
        "random:1:32", "--out", out.toString(), "--max-steps", "3", "--batch-size", "4", "--passage-length", "32",
        "--query-length", "16", "--seed", "3");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("quarry pretrain"), r.err());
    assertTrue(r.err().lines().anyMatch(l -> l.matches("\\s+task\\s+ict,crop=0.5")), r.err());
    assertTrue(r.err().contains("trained 3 steps"), r.err());
    assertTrue(Files.exists(out.resolve("model/model.safetensors")));
    assertTrue(Files.exists(out.resolve("model/quarry.json")));
    assertTrue(Files.exists(out.resolve("curve.html")));

    CliHarness again = CliHarness.run("pretrain", "--corpus", data.toString(), "--out", out.toString());
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains("already exists; pass --resume"), again.err());
    CliHarness changed = CliHarness.run("pretrain", "--out", out.toString(), "--resume", "--task", "crop");
    assertEquals(2, changed.exitCode());
    assertTrue(changed.err().contains("drop --task"), changed.err());
  }

  @Test
  void aTaskTheCorpusCannotFeedStopsWithOneLineAndLeavesNoFolder() throws IOException {
    Path data = corpus();
    Path out = temp.resolve("refused");
    CliHarness links = CliHarness.run("pretrain", "--task", "wlp", "--corpus", data.toString(), "--model",
        "random:1:32", "--out", out.toString());
    assertEquals(2, links.exitCode(), links.err());
    assertTrue(links.err().contains("task wlp needs hyperlinks between pages"), links.err());
    assertFalse(Files.exists(out), "nothing was trained, so no run folder is left");

    CliHarness unknown = CliHarness.run("pretrain", "--task", "ict,mlm", "--corpus", data.toString(), "--out",
        out.toString());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown task 'mlm'"), unknown.err());
    CliHarness mask = CliHarness.run("pretrain", "--task", "retromae", "--encoder-mask", "1.5", "--corpus",
        data.toString(), "--out", out.toString());
    assertEquals(2, mask.exitCode());
    assertTrue(mask.err().contains("encoderMask (--encoder-mask) must be above 0 and below 1"), mask.err());
  }
}
