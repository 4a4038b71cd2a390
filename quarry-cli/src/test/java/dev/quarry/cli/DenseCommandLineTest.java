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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dense indexing, search, hybrid evaluation and fusion through the command line, with a real embedded model. */
class DenseCommandLineTest {
  private static final String MODEL = "all-MiniLM-L6-v2";

  @TempDir Path temp;

  private Path dataset() throws IOException {
    Path dir = temp.resolve("pets");
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(dir.resolve("corpus.jsonl"), """
        {"_id": "cat", "title": "Cats", "text": "Cats are small felines that purr when content."}
        {"_id": "dog", "title": "Dogs", "text": "Dogs are loyal canines that bark at strangers."}
        {"_id": "fish", "title": "Goldfish", "text": "Goldfish swim in bowls and ponds."}
        {"_id": "tax", "title": "Taxes", "text": "Income tax is due every April."}
        """);
    Files.writeString(dir.resolve("queries.jsonl"), """
        {"_id": "1", "text": "which pet purrs"}
        {"_id": "2", "text": "animal that barks"}
        """);
    Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\n1\tcat\t1\n2\tdog\t1\n");
    return dir;
  }

  @Test
  void indexesDenseAndSearchesWithTheIndexModel() throws IOException {
    Path data = dataset();
    Path index = temp.resolve("dense");
    CliHarness built = CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString(), "--kind",
        "dense", "--model", MODEL, "--hnsw");
    assertEquals(0, built.exitCode(), built.err());
    assertTrue(built.err().contains("encoded and indexed 4 passages"), built.err());
    Path run = temp.resolve("dense.trec");
    CliHarness searched = CliHarness.run("search", "--index", index.toString(), "--queries", data.toString(), "--qrels",
        data.resolve("qrels/test.tsv").toString(), "--run", run.toString(), "--k", "2");
    assertEquals(0, searched.exitCode(), searched.err());
    assertEquals(1.0, searched.mean("ndcg@10"), 1e-9, searched.out());
    List<String> lines = Files.readAllLines(run);
    assertEquals(4, lines.size(), "two judged queries, two documents each");
    for (String line : lines) {
      assertTrue(line.matches("[12] Q0 (cat|dog|1|2) [12] -?\\d\\.\\d+(E-?\\d+)? quarry"), line);
    }

    CliHarness wrongModel = CliHarness.run("search", "--index", index.toString(), "--queries", data.toString(),
        "--run", temp.resolve("x.trec").toString(), "--model", "bge-small-en-v1.5-int8");
    assertEquals(1, wrongModel.exitCode());
    assertTrue(wrongModel.err().contains("was encoded with model '" + MODEL + "'")
        && wrongModel.err().contains("'bge-small-en-v1.5-int8'"), wrongModel.err());
  }

  @Test
  void evaluatesHybridAndFusesRuns() throws IOException {
    Path data = dataset();
    Path cache = temp.resolve("cache");
    Path hybrid = temp.resolve("hybrid.trec");
    CliHarness r = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "hybrid", "--model", MODEL,
        "--cache", cache.toString(), "--run", hybrid.toString(), "--metrics", "ndcg@10");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("parts: bm25 ndcg@10"), r.err());
    assertEquals(1.0, r.mean("ndcg@10"), 1e-9);

    CliHarness again = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "dense", "--model",
        MODEL, "--cache", cache.toString(), "--quantize", "int8", "--metrics", "ndcg@10");
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.err().contains("using the cached encoded corpus"), again.err());
    assertTrue(again.err().contains("indexed (flat-int8)"), again.err());

    Path fused = temp.resolve("fused.trec");
    CliHarness fuse = CliHarness.run("fuse", "--run", hybrid.toString(), "--run", hybrid.toString(), "--out",
        fused.toString(), "--method", "interpolate", "--weights", "0.2,0.8", "--k", "3");
    assertEquals(0, fuse.exitCode(), fuse.err());
    List<String> lines = Files.readAllLines(fused);
    assertEquals(6, lines.size(), "3 documents for each of 2 queries");
    assertEquals(2, CliHarness.run("fuse", "--out", fused.toString()).exitCode(), "--run is required");
    assertEquals(2, CliHarness.run("fuse", "--run", hybrid.toString(), "--out", fused.toString()).exitCode(),
        "one run is bad usage");
  }

  @Test
  void listsTheEmbeddedModels() {
    CliHarness r = CliHarness.run("models");
    assertEquals(0, r.exitCode());
    for (String model : List.of("bge-small-en-v1.5", "bge-small-en-v1.5-int8", "all-MiniLM-L6-v2",
        "all-MiniLM-L6-v2-int8", "e5-small-v2")) {
      assertTrue(r.out().contains(model), model + " in:\n" + r.out());
    }
    assertTrue(r.out().contains("[default]"));
    assertTrue(!r.out().contains("NOT on the classpath"), r.out());
  }
}
