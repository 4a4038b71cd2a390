/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.PairedComparison;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation view's API: runs produced by the server and uploaded, opened query by query, and compared with the
 * paired tests of {@link PairedComparison} on trec_eval's per-query nDCG@10, checked against the library's own.
 */
class RunsApiTest {
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.get();
  }

  /** Forgets every run, so that other tests on the shared server start with none. */
  @AfterAll
  static void forgetRuns() {
    deleteAll(t);
  }

  static void deleteAll(TestServer server) {
    for (JsonNode run : server.get("/api/runs").json().get("runs")) {
      server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/runs/"
          + run.get("name").asText()))).DELETE());
    }
  }

  /** BM25's top 100 for every judged query, from the library, as a TREC run file's text (a third reversed). */
  static String bm25Run(Run run, boolean reverseAThird) {
    Queries queries = t.dataset.queries();
    StringBuilder text = new StringBuilder();
    try (Bm25Searcher searcher = new Bm25Searcher(t.folder.resolve("bm25"), Bm25Settings.ANSERINI)) {
      for (Map.Entry<String, String> q : queries.asMap().entrySet()) {
        List<ScoredDocument> hits = searcher.search(q.getValue(), 100);
        List<ScoredDocument> scaled = hits.stream().map(h -> new ScoredDocument(h.docId(),
            reverseAThird && q.getKey().hashCode() % 3 == 0 ? -h.score() : h.score())).toList();
        run.put(q.getKey(), scaled);
        for (int i = 0; i < scaled.size(); i++) {
          text.append(String.format(Locale.ROOT, "%s Q0 %s %d %.6f test%n", q.getKey(), scaled.get(i).docId(), i + 1,
              scaled.get(i).score()));
        }
      }
    }
    return text.toString();
  }

  @Test
  void producedAndUploadedRunsCompareAsTheLibraryDoes() {
    TestServer.Response produced = t.post("/api/runs", Map.of("index", "scifact", "retriever", "bm25", "k", 100,
        "name", "served-bm25"));
    assertEquals(200, produced.status(), produced.body());
    assertEquals(300, produced.json().get("queries").asInt());
    Run exact = new Run();
    String exactText = bm25Run(exact, false);
    Run worse = new Run();
    String worseText = bm25Run(worse, true);
    assertEquals(200, t.post("/api/runs/uploaded-bm25?index=scifact", exactText, "text/plain").status());
    assertEquals(200, t.post("/api/runs/uploaded-worse?index=scifact", worseText, "text/plain").status());

    JsonNode same = t.get("/api/compare?a=served-bm25&b=uploaded-bm25").json();
    assertEquals(0, same.get("delta").asDouble(), 1e-4, "the server's BM25 run is the library's");

    JsonNode c = t.get("/api/compare?a=uploaded-bm25&b=uploaded-worse").json();
    Qrels qrels = t.dataset.qrels("test");
    Metric ndcg = Metric.parse("ndcg@10");
    Evaluator evaluator = new Evaluator(qrels, List.of(ndcg), true, 1);
    PairedComparison expected = PairedComparison.compare(evaluator.evaluate(exact).perQuery(ndcg),
        evaluator.evaluate(worse).perQuery(ndcg));
    assertEquals(expected.queries(), c.get("queries").asInt());
    assertEquals(expected.meanA(), c.get("mean_a").asDouble(), 1e-6);
    assertEquals(expected.meanB(), c.get("mean_b").asDouble(), 1e-6);
    assertEquals(expected.tTestP(), c.get("t_test_p").asDouble(), 1e-9);
    assertEquals(expected.randomizationP(), c.get("randomization_p").asDouble(), 1e-9);
    assertTrue(expected.randomizationP() < 0.01, "a third of the queries reversed is significantly worse");
    JsonNode perQuery = c.get("per_query");
    assertEquals(300, perQuery.size());
    for (int i = 1; i < perQuery.size(); i++) {
      assertTrue(perQuery.get(i - 1).get("delta").asDouble() >= perQuery.get(i).get("delta").asDouble() - 1e-12,
          "sorted by B - A, largest first");
    }
  }

  @Test
  void aRunsQueryIsShownAsSearchHits() {
    assertEquals(200, t.post("/api/runs", Map.of("retriever", "dense", "name", "served-dense")).status());
    JsonNode hits = t.get("/api/runs/served-dense/130?k=5").json();
    JsonNode search = t.get("/api/search?q=" + SearchApiTest.q(SearchApiTest.QUERY) + "&k=5&retriever=dense").json();
    // the run encoded its queries in batches, the search alone: the same ranking, scores equal to float rounding
    for (int i = 0; i < 5; i++) {
      JsonNode a = search.get("hits").get(i);
      JsonNode b = hits.get("hits").get(i);
      for (String field : List.of("id", "rank", "title", "snippet")) {
        assertEquals(a.get(field), b.get(field), field + " of hit " + i);
      }
      assertEquals(a.get("score").asDouble(), b.get("score").asDouble(), 1e-4);
    }
    assertEquals(search.at("/judged/query_id").asText(), hits.at("/judged/query_id").asText());
  }

  @Test
  void badRunRequestsAreRefusedNamingTheParameter() {
    assertEquals(200, t.post("/api/runs", Map.of("retriever", "bm25", "name", "kept")).status());
    Map<String, String> posts = Map.ofEntries(
        Map.entry("{\"retriever\": \"nope\"}", "retriever"),
        Map.entry("{\"index\": \"nope\"}", "index"),
        Map.entry("{\"k\": 0}", "k"),
        Map.entry("{\"name\": \"../x\"}", "name"),
        Map.entry("{\"name\": \"\"}", "name"),
        Map.entry("{", "body"));
    posts.forEach((body, param) -> {
      TestServer.Response r = t.post("/api/runs", body);
      assertEquals(400, r.status(), body + ": " + r.body());
      assertEquals(param, r.param(), body + ": " + r.body());
    });
    Map<String, String> uploads = Map.ofEntries(
        Map.entry("1 Q0 d 1 2.0", "body"),
        Map.entry("1 Q0 d 1 x tag", "body"),
        Map.entry("1 Q0 d 1 2.0 tag\n1 Q0 d 2 1.0 tag", "body"),
        Map.entry("", "body"));
    uploads.forEach((body, param) -> {
      TestServer.Response r = t.post("/api/runs/bad?index=scifact", body, "text/plain");
      assertEquals(400, r.status(), body + ": " + r.body());
      assertEquals(param, r.param(), body + ": " + r.body());
      assertTrue(!body.isEmpty() == r.json().at("/error/message").asText().startsWith("line "), r.body());
    });
    assertEquals("name", t.post("/api/runs/a%2Fb", "1 Q0 d 1 1 t", "text/plain").param());
    assertEquals(413, t.post("/api/runs/big", "x".repeat(TestServer.LIMITS.maxRunBytes() + 1), "text/plain")
        .status());
    Map<String, String> gets = Map.ofEntries(
        Map.entry("/api/compare?a=kept", "b"),
        Map.entry("/api/compare?a=nope&b=kept", "a"),
        Map.entry("/api/runs/nope/130", "name"),
        Map.entry("/api/runs/kept/no-such-query", "qid"),
        Map.entry("/api/runs/kept/130?k=0", "k"));
    gets.forEach((path, param) -> {
      TestServer.Response r = t.get(path);
      assertEquals(400, r.status(), path + ": " + r.body());
      assertEquals(param, r.param(), path + ": " + r.body());
    });
    assertEquals(404, t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.url("/api/runs/nope")))
        .DELETE()).status());
  }

  @Test
  void theServerKeepsAtMostMaxRuns() {
    for (int i = 0; i < TestServer.LIMITS.maxRuns(); i++) {
      t.post("/api/runs/limit-" + i + "?index=scifact", "1 Q0 d 1 1 t", "text/plain");
    }
    TestServer.Response over = t.post("/api/runs/one-too-many?index=scifact", "1 Q0 d 1 1 t", "text/plain");
    assertEquals(400, over.status(), over.body());
    assertEquals("name", over.param());
    for (int i = 0; i < TestServer.LIMITS.maxRuns(); i++) {
      t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.url("/api/runs/limit-" + i))).DELETE());
    }
  }
}
