/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import dev.quarry.core.vector.MaxSim;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.testing.ColbertModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The API on a corpus of three documents: what it finds, what it refuses and the messages it refuses with. */
class ApiTest {
  @TempDir Path temp;

  Path corpus() throws IOException {
    Path file = temp.resolve("corpus.jsonl");
    Files.writeString(file, """
        {"_id": "cats", "title": "Cats", "text": "Cats purr and sleep most of the day."}
        {"_id": "rust", "title": "Rust", "text": "Iron oxide forms when iron meets water and air."}
        {"_id": "tides", "title": "Tides", "text": "The moon's gravity raises the tides of the sea."}
        """);
    return file;
  }

  @Test
  void aBm25IndexBuiltIsOpenedAndSearched() throws IOException {
    Path folder = IndexBuilder.bm25().build(corpus(), temp.resolve("bm25"));
    try (Index index = Index.open(folder)) {
      assertEquals("bm25", index.kind());
      assertEquals(null, index.model());
      assertEquals(3, index.documentCount());
      assertTrue(index.contains("rust") && !index.contains("dogs"));
      List<ScoredDocument> top = index.search("why does iron rust in water", 2);
      assertEquals("rust", top.get(0).docId());
      Run run = index.search(new Queries(Map.of("q1", "sleeping cats", "q2", "moon and sea")), 1);
      assertEquals("cats", run.results("q1").get(0).docId());
      assertEquals("tides", run.results("q2").get(0).docId());
    }
    Exception again = assertThrows(IllegalArgumentException.class,
        () -> IndexBuilder.bm25().build(corpus(), temp.resolve("bm25")));
    assertTrue(again.getMessage().contains("bm25"), again.getMessage());
    IndexBuilder.bm25().overwrite(true).build(corpus(), temp.resolve("bm25"));
  }

  @Test
  void aDenseIndexOfAnEmbeddedModelFindsTheMeaningNotTheWords() throws IOException {
    Path folder = IndexBuilder.dense("all-MiniLM-L6-v2-int8").threads(1).build(corpus(), temp.resolve("dense"));
    try (Index index = Index.opener(folder).threads(1).open()) {
      assertEquals("dense", index.kind());
      assertEquals("all-MiniLM-L6-v2-int8", index.model());
      assertEquals("cats", index.search("feline naps", 1).get(0).docId());
    }
  }

  /** bge-small-en-v1.5 puts an instruction before queries only: a query is not encoded as a passage. */
  @Test
  void aModelEncodesQueriesAndPassagesEachByItsRecipe() {
    assertTrue(Model.embedded().contains("bge-small-en-v1.5-int8"), "" + Model.embedded());
    try (Model model = Model.load("bge-small-en-v1.5-int8")) {
      assertEquals(384, model.dimension());
      float[] query = model.encodeQuery("feline naps");
      float[][] passages = model.encodePassages(List.of("Cats purr and sleep.", "Iron oxide forms in water.",
          "feline naps"));
      assertEquals(1.0, dot(query, query), 1e-4);
      assertTrue(dot(query, passages[0]) > dot(query, passages[1]) + 0.1);
      assertTrue(dot(query, passages[2]) < 0.99, "the query instruction is applied: " + dot(query, passages[2]));
    }
  }

  @Test
  void evaluationsRefuseARunOfOtherQueries() {
    Run run = new Run();
    run.put("q9", List.of(new ScoredDocument("d1", 1)));
    Qrels qrels = new Qrels(Map.of("q1", Map.of("d1", 1)));
    Exception e = assertThrows(IllegalArgumentException.class, () -> Evaluations.evaluate(run, qrels, "ndcg@10"));
    assertTrue(e.getMessage().contains("not about the same queries"), e.getMessage());
    run.put("q1", List.of(new ScoredDocument("d1", 1)));
    assertEquals(1.0, Evaluations.evaluate(run, qrels, "ndcg@10").mean("ndcg@10"), 1e-9);
  }

  /**
   * A ColBERT index of an untrained head on all-MiniLM-L6-v2 (laid out as training exports one, without PyTorch)
   * over a SciFact slice. Over its kept floats it gives exactly the MaxSim of the encoder's own token vectors, ranked
   * alike; over its 2-bit residuals, scores near those but not equal (the compression is real); PLAID scores each
   * passage it returns exactly as the exhaustive search over the same residuals does.
   */
  @Test
  void aColbertIndexIsSearchedByPlaidExhaustivelyAndOverItsFloats() throws IOException {
    BeirDataset slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 4, 40);
    String model = ColbertModels.untrained(temp.resolve("colbert-model"), 7).toString();
    Path folder = IndexBuilder.colbert(model).keepFloats(true).threads(1).build(slice.corpusFile(),
        temp.resolve("colbert"));
    Queries queries = slice.queries();
    Map<String, String> texts = slice.corpusTexts();
    List<String> ids = List.copyOf(texts.keySet());
    Map<String, Map<String, Double>> expected = new HashMap<>();
    try (OnnxColbertEncoder encoder = new OnnxColbertEncoder(ModelRegistry.resolve(model), 8, 1, 1, 0)) {
      TokenVectors[] passages = encoder.encodePassages(ids.stream().map(texts::get).toList());
      for (String q : queries.ids()) {
        TokenVectors query = encoder.encodeQueries(List.of(queries.text(q)))[0];
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
          scores.put(ids.get(i), (double) MaxSim.exact(query, passages[i]));
        }
        expected.put(q, scores);
      }
    }
    Map<String, Run> runs = new HashMap<>();
    for (String search : List.of("floats", "exhaustive", "plaid")) {
      try (Index index = Index.opener(folder).colbertSearch(search).threads(1).open()) {
        assertEquals("colbert", index.kind());
        assertEquals(model, index.model());
        assertEquals(ids.size(), index.documentCount());
        runs.put(search, index.search(queries, search.equals("plaid") ? 10 : ids.size()));
      }
    }
    double compressionError = 0;
    for (String q : queries.ids()) {
      Map<String, Double> exact = expected.get(q);
      List<ScoredDocument> floats = runs.get("floats").results(q);
      assertEquals(ids.size(), floats.size());
      for (int i = 0; i < floats.size(); i++) {
        ScoredDocument d = floats.get(i);
        assertEquals(exact.get(d.docId()), d.score(), 1e-4, q + ": " + d);
        assertTrue(i == 0 || floats.get(i - 1).score() >= d.score(), q + ": ranked by score");
      }
      Map<String, Double> decompressed = new HashMap<>();
      for (ScoredDocument d : runs.get("exhaustive").results(q)) {
        decompressed.put(d.docId(), (double) d.score());
        assertEquals(exact.get(d.docId()), d.score(), 0.15 * exact.get(d.docId()), q + ": " + d);
        compressionError = Math.max(compressionError, Math.abs(d.score() - exact.get(d.docId())));
      }
      for (ScoredDocument d : runs.get("plaid").results(q)) {
        assertEquals(decompressed.get(d.docId()), d.score(), 1e-4, q + ": PLAID's " + d);
      }
    }
    assertTrue(compressionError > 1e-3, "2-bit residuals change the scores: " + compressionError);
    Path compressed = IndexBuilder.colbert(model).nbits(1).threads(1).build(slice.corpusFile(),
        temp.resolve("colbert-1bit"));
    Exception noFloats = assertThrows(IllegalArgumentException.class,
        () -> Index.opener(compressed).colbertSearch("floats").open());
    assertTrue(noFloats.getMessage().contains("keeps no uncompressed vectors"), noFloats.getMessage());
    refused("model all-MiniLM-L6-v2 is a dense model, not a colbert model; IndexBuilder.dense takes a dense model",
        () -> IndexBuilder.colbert("all-MiniLM-L6-v2"));
    refused("model " + model + " is a colbert model, not a dense model; IndexBuilder.colbert takes a ColBERT model",
        () -> IndexBuilder.dense(model));
  }

  @Test
  void settingsAreRefusedWhenSetWithTheValueNamed() {
    Path none = temp.resolve("none");
    refused("k1 must be a finite number >= 0; got -1.0", () -> Index.opener(none).k1(-1f));
    refused("b must be between 0 and 1; got 1.5", () -> Index.opener(none).b(1.5f));
    refused("efSearch must be positive; got 0", () -> Index.opener(none).efSearch(0));
    refused("threads must be positive; got 0", () -> Index.opener(none).threads(0));
    refused("threads must be positive; got -2", () -> IndexBuilder.bm25().threads(-2));
    refused("colbertSearch must be plaid, exhaustive or floats; got fast", () -> Index.opener(none).colbertSearch(
        "fast"));
    refused("nbits must be 1 or 2; got 4", () -> IndexBuilder.bm25().nbits(4));
    refused("unknown quantization 'int4'", () -> IndexBuilder.dense("all-MiniLM-L6-v2-int8").quantization("int4"));
    refused("unknown model 'no-such-model'", () -> IndexBuilder.dense("no-such-model"));
    refused("depth must be positive; got 0", () -> Reranking.with("bm25").depth(0));
    refused("unknown model 'no-such-model'", () -> Model.load("no-such-model"));
  }

  static void refused(String message, Executable call) {
    Exception e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(message), "message: " + e.getMessage());
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
