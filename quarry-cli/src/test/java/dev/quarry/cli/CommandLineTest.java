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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line contract on a tiny hand-made collection: exit codes, errors, help, runs. */
class CommandLineTest {
  @TempDir Path temp;

  private Path tinyDataset() throws IOException {
    Path dir = temp.resolve("tiny");
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(dir.resolve("corpus.jsonl"), """
        {"_id": "d1", "title": "Cats", "text": "Cats purr and sleep in the sun."}
        {"_id": "d2", "title": "Dogs", "text": "Dogs bark at the postman."}
        {"_id": "d3", "title": "Birds", "text": "Birds sing in the morning."}
        {"_id": "d4", "title": "", "text": ""}
        """);
    Files.writeString(dir.resolve("queries.jsonl"), """
        {"_id": "q1", "text": "why do cats purr"}
        {"_id": "q2", "text": "dogs barking"}
        {"_id": "q3", "text": "unjudged query about birds"}
        """);
    Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq2\tmissing\t1\n");
    return dir;
  }

  @Test
  void evaluateIndexesSearchesAndScoresInOneStep() throws IOException {
    Path data = tinyDataset();
    Path run = temp.resolve("out/run.trec");
    CliHarness r = CliHarness.run("evaluate", "--dataset", data.toString(), "--cache", temp.resolve("cache").toString(),
        "--run", run.toString(), "--metrics", "ndcg@10,recall@100", "--threads", "2");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("quarry evaluate"), "configuration comes first:\n" + r.err());
    assertTrue(r.err().contains("indexed 4 documents"), r.err());
    assertTrue(r.err().contains("searched 2 queries"), r.err());
    // q2's second relevant document is not in the corpus: recall 1/2 for q2.
    assertEquals(0.75, r.mean("recall@100"), 1e-9);
    List<String> lines = Files.readAllLines(run);
    assertTrue(lines.get(0).matches("q1 Q0 d1 1 \\S+ quarry"), lines.get(0));

    CliHarness again = CliHarness.run("evaluate", "--dataset", data.toString(), "--cache",
        temp.resolve("cache").toString(), "--metrics", "ndcg@10,recall@100");
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.err().contains("using the cached index"), again.err());
    assertEquals(r.mean("ndcg@10"), again.mean("ndcg@10"));
  }

  @Test
  void indexSearchAndEvalAgree() throws IOException {
    Path data = tinyDataset();
    Path index = temp.resolve("index");
    CliHarness built = CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString());
    assertEquals(0, built.exitCode(), built.err());
    Path run = temp.resolve("run.trec");
    CliHarness searched = CliHarness.run("search", "--index", index.toString(), "--queries", data.toString(),
        "--qrels", data.resolve("qrels/test.tsv").toString(), "--run", run.toString(), "--k", "3", "--threads", "1");
    assertEquals(0, searched.exitCode(), searched.err());
    CliHarness scored = CliHarness.run("eval", "--qrels", data.resolve("qrels/test.tsv").toString(), "--run",
        run.toString());
    assertEquals(0, scored.exitCode(), scored.err());
    assertEquals(searched.mean("ndcg@10"), scored.mean("ndcg@10"));
    assertTrue(Files.readAllLines(run).get(0).startsWith("q1 Q0 d1 1 "));

    CliHarness refused = CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString());
    assertEquals(2, refused.exitCode());
    assertTrue(refused.err().contains("already exists; pass --overwrite"), refused.err());
    assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString(), "--overwrite")
        .exitCode());
  }

  @Test
  void evalComparesTwoRunsWithSignificanceTests() throws IOException {
    Path qrels = temp.resolve("qrels.tsv");
    Path a = temp.resolve("a.trec");
    Path b = temp.resolve("b.trec");
    StringBuilder q = new StringBuilder();
    StringBuilder ra = new StringBuilder();
    StringBuilder rb = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      q.append("q").append(i).append("\tgood\t1\n");
      ra.append("q").append(i).append(" Q0 bad 1 2 a\nq").append(i).append(" Q0 good 2 1 a\n");
      rb.append("q").append(i).append(" Q0 good 1 2 b\nq").append(i).append(" Q0 bad 2 1 b\n");
    }
    Files.writeString(qrels, q);
    Files.writeString(a, ra);
    Files.writeString(b, rb);
    CliHarness r = CliHarness.run("eval", "--qrels", qrels.toString(), "--run", b.toString(), "--baseline",
        a.toString(), "--metrics", "mrr@10", "--table");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().matches("(?s).*mrr@10\\s+0\\.5000\\s+1\\.0000\\s+\\+0\\.5000\\s+0\\.0000\\s+0\\.0001.*"), r.out());
    CliHarness lines = CliHarness.run("eval", "--qrels", qrels.toString(), "--run", b.toString(), "--baseline",
        a.toString(), "--metrics", "mrr@10");
    assertEquals(0, lines.exitCode(), lines.err());
    assertEquals(0.5, lines.mean("mrr@10:baseline"), 1e-9, "trec_eval-style lines for scripts by default");
    assertEquals(1.0, lines.mean("mrr@10"), 1e-9);
    assertEquals(0.5, lines.mean("mrr@10:delta"), 1e-9);
    assertTrue(lines.mean("mrr@10:t_test_p") < 0.001, lines.out());
  }

  @Test
  void badInputFailsWithOneLineNamingFileAndLine() throws IOException {
    Path qrels = temp.resolve("bad.tsv");
    Files.writeString(qrels, "q1\td1\t1\nq1\td2\n");
    Path run = temp.resolve("run.trec");
    Files.writeString(run, "q1 Q0 d1 1 1.0 t\n");
    CliHarness r = CliHarness.run("eval", "--qrels", qrels.toString(), "--run", run.toString());
    assertEquals(1, r.exitCode());
    String last = r.err().strip().lines().reduce((x, y) -> y).orElseThrow();
    assertEquals("quarry: error: " + qrels + ":2: expected 3 columns like the lines before, found 2", last);
  }

  @Test
  void aMissingDatasetSaysWhereItLooked() {
    CliHarness r = CliHarness.run("evaluate", "--dataset", "no-such-dataset", "--cache", temp.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("dataset 'no-such-dataset' not found; looked in"), r.err());
  }

  @Test
  void badUsageExitsWithTwo() {
    CliHarness unknown = CliHarness.run("search", "--index", "x", "--queries", "q", "--run", "r", "--bogus");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().startsWith("quarry: error: Unknown option: '--bogus'"), unknown.err());
    assertTrue(unknown.err().contains("quarry search --help"), unknown.err());
    assertEquals(2, CliHarness.run("eval", "--run", "x").exitCode(), "missing --qrels");
    assertEquals(2, CliHarness.run().exitCode(), "no command");
    assertEquals(2, CliHarness.run("index", "--corpus", "c", "--index", "i", "--kind", "nope").exitCode());
    CliHarness metric = CliHarness.run("eval", "--qrels", "q", "--run", "r", "--metrics", "bleu");
    assertEquals(2, metric.exitCode());
    assertTrue(metric.err().contains("--metrics: unknown metric 'bleu'; known: ndcg, ndcg@k,"), metric.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"index", "search", "eval", "evaluate", "fuse", "models", "train", "rerank", "distill",
      "reproduce", "cache", "pretrain"})
  void everyCommandHasHelp(String command) {
    CliHarness r = CliHarness.run(command, "--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("Usage: quarry " + command), r.out());
    assertFalse(r.out().contains("${"), "unresolved placeholder in help:\n" + r.out());
  }
}
