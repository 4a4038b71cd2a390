/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/rerank}: BM25 with the index's statistics and a dense model, by ids and by texts. */
class RerankApiTest {
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.get();
  }

  @Test
  void bm25ByIdsGivesTheSearchersScores() {
    List<ScoredDocument> top;
    try (Bm25Searcher searcher = new Bm25Searcher(t.folder.resolve("bm25"), Bm25Settings.ANSERINI)) {
      top = searcher.search(SearchApiTest.QUERY, 8);
    }
    List<String> ids = new java.util.ArrayList<>(top.stream().map(ScoredDocument::docId).toList());
    Collections.reverse(ids);
    TestServer.Response r = t.post("/api/rerank", Map.of("query", SearchApiTest.QUERY, "reranker", "bm25",
        "index", "scifact", "ids", ids));
    assertEquals(200, r.status(), r.body());
    JsonNode results = r.json().get("results");
    for (int i = 0; i < top.size(); i++) {
      assertEquals(top.get(i).docId(), results.get(i).get("id").asText(), "rank " + (i + 1));
      assertEquals(top.get(i).score(), results.get(i).get("score").asDouble(), 1e-4);
      assertEquals(ids.indexOf(top.get(i).docId()), results.get(i).get("index").asInt());
    }
  }

  @Test
  void aDenseRerankerScoresTextsByInnerProduct() {
    List<String> texts = List.of("Stock markets fell sharply.", "Open access articles are cited more often.");
    TestServer.Response r = t.post("/api/rerank", Map.of("query", SearchApiTest.QUERY, "reranker",
        TestServer.DENSE_MODEL, "texts", texts));
    assertEquals(200, r.status(), r.body());
    JsonNode results = r.json().get("results");
    assertEquals(1, results.get(0).get("index").asInt(), "the relevant text first: " + r.body());
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(TestServer.DENSE_MODEL))) {
      float[] q = encoder.encodeQueries(List.of(SearchApiTest.QUERY))[0];
      float[][] p = encoder.encodePassages(texts);
      Map<Integer, Double> byIndex = new HashMap<>();
      results.forEach(x -> byIndex.put(x.get("index").asInt(), x.get("score").asDouble()));
      for (int i = 0; i < texts.size(); i++) {
        double dot = 0;
        for (int d = 0; d < q.length; d++) {
          dot += q[d] * p[i][d];
        }
        assertEquals(dot, byIndex.get(i), 1e-4);
      }
    }
  }

  @Test
  void idsAreLookedUpInTheCorpus() {
    Document relevant = t.catalog.collections().get("scifact").documents().get(SearchApiTest.RELEVANT);
    JsonNode byId = t.post("/api/rerank", Map.of("query", "open access", "reranker", TestServer.DENSE_MODEL,
        "ids", List.of(SearchApiTest.RELEVANT))).json();
    JsonNode byText = t.post("/api/rerank", Map.of("query", "open access", "reranker", TestServer.DENSE_MODEL,
        "texts", List.of(relevant.contents()))).json();
    assertEquals(byText.at("/results/0/score").asDouble(), byId.at("/results/0/score").asDouble(), 1e-6);
  }

  @Test
  void badRerankRequestsAre400sNamingTheParameter() {
    String tooMany = SearchApiTest.toJson(Collections.nCopies(TestServer.LIMITS.maxBatch() + 1, "x"));
    Map<String, String> cases = Map.ofEntries(
        Map.entry("{\"reranker\": \"bm25\", \"ids\": [\"" + SearchApiTest.RELEVANT + "\"]}", "query"),
        Map.entry("{\"query\": \"\", \"reranker\": \"bm25\", \"texts\": [\"a\"]}", "query"),
        Map.entry("{\"query\": \"" + "q".repeat(TestServer.LIMITS.maxQueryChars() + 1) + "\", \"texts\": [\"a\"]}",
            "query"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"bm25\"}", "ids"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"bm25\", \"ids\": [\"1\"], \"texts\": [\"a\"]}", "ids"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"bm25\", \"ids\": [\"no-such-doc\"]}", "ids"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"bm25\", \"ids\": []}", "ids"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"bm25\", \"texts\": " + tooMany + "}", "texts"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"bm25\", \"texts\": [3]}", "texts"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"/tmp/model\", \"texts\": [\"a\"]}", "reranker"),
        Map.entry("{\"query\": \"x\", \"reranker\": \"bm25\", \"index\": \"nope\", \"texts\": [\"a\"]}", "index"),
        Map.entry("{\"query\": 5, \"texts\": [\"a\"]}", "query"),
        Map.entry("{\"query\": \"x\"", "body"));
    cases.forEach((body, param) -> {
      TestServer.Response r = t.post("/api/rerank", body);
      assertEquals(400, r.status(), body + ": " + r.body());
      assertEquals(param, r.param(), body + ": " + r.body());
    });
    assertTrue(t.get("/api/info").json().get("rerankers").toString().contains("bm25"));
  }
}
