/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import dev.quarry.train.colbert.ColbertModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ColBERT through the command line: index --kind colbert, search by PLAID and exhaustively, evaluate --retriever
 * colbert, rerank with a ColBERT model; and each kind of model refused where the other is expected (exit 2, naming
 * both kinds), as is a language model's query augmentation, which no ColBERT search takes. The model is an untrained
 * ColBERT head on all-MiniLM-L6-v2, exported as training exports it.
 */
class ColbertCommandLineTest {
  @TempDir Path temp;
  Path model;
  Path data;

  @BeforeEach
  void setUp() throws IOException {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    model = temp.resolve("colbert");
    try (ColbertModel m = new ColbertModel(new BertEncoder(base, BertWeights.load(base), 32, 64, 8), null, 32, 64,
        64, 7)) {
      m.export(model);
    }
    data = temp.resolve("pets");
    Files.createDirectories(data.resolve("qrels"));
    Files.writeString(data.resolve("corpus.jsonl"), """
        {"_id": "cat", "title": "Cats", "text": "Cats are small felines that purr when content."}
        {"_id": "dog", "title": "Dogs", "text": "Dogs are loyal canines that bark at strangers."}
        {"_id": "fish", "title": "Goldfish", "text": "Goldfish swim in bowls and ponds."}
        {"_id": "tax", "title": "Taxes", "text": "Income tax is due every April."}
        """);
    Files.writeString(data.resolve("queries.jsonl"), """
        {"_id": "1", "text": "which pet purrs"}
        {"_id": "2", "text": "which animal barks at strangers and is loyal to its owner, a canine of any breed or size, as opposed to cats, fish or tax, or any other pet that people keep at home"}
        """);
    Files.writeString(data.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\n1\tcat\t1\n2\tdog\t1\n");
  }

  @Test
  void indexesSearchesEvaluatesAndReranks() {
    Path index = temp.resolve("index");
    CliHarness built = CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString(), "--kind",
        "colbert", "--model", model.toString(), "--nbits", "1", "--keep-floats");
    assertEquals(0, built.exitCode(), built.err());
    assertTrue(built.err().contains("encoded and indexed 4 passages") && built.err().contains("1-bit residuals"),
        built.err());
    for (String[] mode : new String[][] {{}, {"--exhaustive"}, {"--exhaustive", "--floats"}}) {
      String[] args = new String[] {"search", "--index", index.toString(), "--dataset", data.toString(), "--out",
          temp.resolve("run" + mode.length + ".trec").toString(), "--k", "4"};
      String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(mode))
          .toArray(String[]::new);
      CliHarness searched = CliHarness.run(all);
      assertEquals(0, searched.exitCode(), searched.err());
      assertTrue(searched.out().contains("ndcg@10"), searched.out());
    }
    CliHarness augmented = CliHarness.run("search", "--index", index.toString(), "--dataset", data.toString(),
        "--out", temp.resolve("augmented.trec").toString(), "--augment", "hyde", "--llm-url",
        "http://localhost:9/v1", "--llm-model", "m");
    assertEquals(1, augmented.exitCode(), augmented.err());
    assertTrue(augmented.err().contains("--augment hyde cannot search " + index + ", a colbert index; no augmentation"
        + " can"), augmented.err());
    CliHarness evaluated = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "colbert",
        "--model", model.toString(), "--cache", temp.resolve("cache").toString(), "--out",
        temp.resolve("eval.trec").toString());
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    assertTrue(evaluated.err().contains("truncated 1 of 2 queries to 32 tokens"), evaluated.err());
    CliHarness reranked = CliHarness.run("rerank", "--run", temp.resolve("eval.trec").toString(), "--out",
        temp.resolve("reranked.trec").toString(), "--dataset", data.toString(), "--split", "test", "--reranker",
        model.toString(), "--cache", temp.resolve("cache").toString());
    assertEquals(0, reranked.exitCode(), reranked.err());
  }

  @Test
  void eachKindIsRefusedWhereTheOtherIsExpected() {
    CliHarness dense = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "dense", "--model",
        model.toString(), "--cache", temp.resolve("cache").toString());
    assertEquals(2, dense.exitCode(), dense.err());
    assertTrue(dense.err().contains("is a colbert model, not a dense model"), dense.err());
    CliHarness late = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "colbert", "--model",
        "all-MiniLM-L6-v2", "--cache", temp.resolve("cache").toString());
    assertEquals(2, late.exitCode(), late.err());
    assertTrue(late.err().contains("is a dense model, not a colbert model"), late.err());
    CliHarness augmented = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "colbert",
        "--model", model.toString(), "--augment", "hyde", "--llm-url", "http://localhost:9/v1", "--llm-model", "m");
    assertEquals(2, augmented.exitCode(), augmented.err());
    assertTrue(augmented.err().contains("--augment hyde augments BM25's or a dense search, not colbert's"),
        augmented.err());
    CliHarness denseIndex = CliHarness.run("index", "--corpus", data.toString(), "--index",
        temp.resolve("d").toString(), "--kind", "dense", "--model", model.toString());
    assertEquals(2, denseIndex.exitCode(), denseIndex.err());
    assertTrue(denseIndex.err().contains("is a colbert model, not a dense model"), denseIndex.err());
    CliHarness bits = CliHarness.run("index", "--corpus", data.toString(), "--index", temp.resolve("b").toString(),
        "--kind", "colbert", "--model", model.toString(), "--nbits", "3");
    assertEquals(2, bits.exitCode(), bits.err());
    assertTrue(bits.err().contains("nbits must be 1 or 2; got 3"), bits.err());
  }

  /** qid + " " + doc to score, from a TREC run. */
  private static java.util.Map<String, Double> scores(Path run) throws IOException {
    java.util.Map<String, Double> scores = new java.util.HashMap<>();
    for (String line : Files.readAllLines(run)) {
      String[] f = line.split(" ");
      scores.put(f[0] + " " + f[2], Double.parseDouble(f[4]));
    }
    return scores;
  }

  @Test
  void aBm25IndexKeepsTokenVectorsAndReScoresItsTopByMaxSim() throws IOException {
    Path bm25 = temp.resolve("bm25");
    CliHarness built = CliHarness.run("index", "--corpus", data.toString(), "--index", bm25.toString(), "--kind",
        "bm25", "--model", model.toString());
    assertEquals(0, built.exitCode(), built.err());
    Path colbert = temp.resolve("colbert-index");
    assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", colbert.toString(), "--kind",
        "colbert", "--model", model.toString(), "--keep-floats").exitCode());
    Path rescored = temp.resolve("rescored.trec");
    CliHarness searched = CliHarness.run("search", "--index", bm25.toString(), "--dataset", data.toString(), "--out",
        rescored.toString(), "--k", "4", "--max-sim-depth", "4");
    assertEquals(0, searched.exitCode(), searched.err());
    assertTrue(searched.err().contains("MaxSim of the top 4"), searched.err());
    Path exhaustive = temp.resolve("exhaustive.trec");
    assertEquals(0, CliHarness.run("search", "--index", colbert.toString(), "--dataset", data.toString(), "--out",
        exhaustive.toString(), "--k", "4", "--exhaustive", "--floats").exitCode());
    // Lucene's late-interaction scores of BM25's candidates are the MaxSim the ColBERT index gives the same passages
    java.util.Map<String, Double> lucene = scores(rescored);
    java.util.Map<String, Double> reference = scores(exhaustive);
    assertTrue(lucene.size() >= 2, "BM25 matched " + lucene.keySet());
    lucene.forEach((hit, score) -> assertEquals(reference.get(hit), score, 1e-3, hit));

    CliHarness plain = CliHarness.run("index", "--corpus", data.toString(), "--index", temp.resolve("plain").toString());
    assertEquals(0, plain.exitCode(), plain.err());
    CliHarness refused = CliHarness.run("search", "--index", temp.resolve("plain").toString(), "--dataset",
        data.toString(), "--out", temp.resolve("x.trec").toString(), "--max-sim-depth", "4");
    assertEquals(2, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("a bm25 index without token vectors"), refused.err());
    CliHarness dense = CliHarness.run("index", "--corpus", data.toString(), "--index", temp.resolve("d").toString(),
        "--kind", "bm25", "--model", "all-MiniLM-L6-v2");
    assertEquals(2, dense.exitCode(), dense.err());
    assertTrue(dense.err().contains("index a dense model with --kind dense"), dense.err());
  }
}
