/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET} and {@code POST /api/search} on the SciFact slice, and every bad input they refuse. */
class SearchApiTest {
  /** SciFact test query 130; BM25 ranks its one relevant document, "Open Access Increases Citation Rate", first. */
  static final String QUERY = "Articles published in open access format are more likely to be cited than traditional"
      + " journals.";
  static final String RELEVANT = "27768226";

  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.get();
  }

  static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void bm25HitsAreLuceneOwnWithTitlesHighlightsAndJudgments() {
    TestServer.Response r = t.get("/api/search?q=" + q(QUERY) + "&index=scifact&k=5&retriever=bm25");
    assertEquals(200, r.status(), r.body());
    JsonNode body = r.json();
    assertEquals(QUERY, body.get("query").asText());
    assertTrue(body.get("took_ms").asDouble() > 0);
    JsonNode hits = body.get("hits");
    assertEquals(5, hits.size());
    List<ScoredDocument> expected;
    try (Bm25Searcher searcher = new Bm25Searcher(t.folder.resolve("bm25"), Bm25Settings.ANSERINI)) {
      expected = searcher.search(QUERY, 10);
    }
    for (int i = 0; i < 5; i++) {
      assertEquals(expected.get(i).docId(), hits.get(i).get("id").asText(), "rank " + (i + 1));
      assertEquals(expected.get(i).score(), hits.get(i).get("score").asDouble(), 1e-5);
    }
    JsonNode top = hits.get(0);
    assertEquals(RELEVANT, top.get("id").asText());
    assertEquals("Open Access Increases Citation Rate", top.get("title").asText());
    assertEquals(1, top.get("grade").asInt(), "the judged document carries its grade");
    assertFalse(hits.get(1).has("grade"), "an unjudged document has no grade");
    String snippet = top.get("snippet").asText();
    assertTrue(snippet.contains("<mark>"), snippet);
    // every marked word is a query term after the index's English analysis (so "articles" marks for "Articles")
    List<String> queryTerms = Analyzers.tokens(Analyzers.forName(Analyzers.ENGLISH), "f", QUERY);
    int marked = 0;
    for (String part : snippet.split("<mark>")) {
      if (part.contains("</mark>")) {
        String word = part.substring(0, part.indexOf("</mark>"));
        assertTrue(queryTerms.containsAll(Analyzers.tokens(Analyzers.forName(Analyzers.ENGLISH), "f", word)),
            word + " in " + snippet);
        marked++;
      }
    }
    assertTrue(marked >= 3, snippet);
    Run run = new Run();
    run.put("130", expected);
    double ndcg = new Evaluator(t.dataset.qrels("test"), List.of(Metric.parse("ndcg@10"))).evaluate(run)
        .mean("ndcg@10");
    assertEquals("130", body.at("/judged/query_id").asText(), "matched to the judged query by its text");
    assertEquals(ndcg, body.at("/judged/ndcg@10").asDouble(), 1e-12);
  }

  @Test
  void snippetsCanBeLeftOut() {
    JsonNode bare = t.get("/api/search?q=" + q(QUERY) + "&k=3&snippets=false").json();
    assertEquals(RELEVANT, bare.at("/hits/0/id").asText());
    assertEquals("Open Access Increases Citation Rate", bare.at("/hits/0/title").asText());
    assertEquals("", bare.at("/hits/0/snippet").asText());
  }

  @Test
  void snippetsAreEscapedHtml() {
    Snippets snippets = new Snippets(60);
    String html = snippets.snippet(snippets.query("protein folding"), "<script>alert(1)</script> Proteins fold & more");
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;"), html);
    assertTrue(html.contains("<mark>Proteins</mark>"), "stemmed match: " + html);
  }

  @Test
  void denseAndHybridSearchTheSameIndexName() {
    JsonNode dense = t.get("/api/search?q=" + q(QUERY) + "&k=10&retriever=dense").json();
    assertEquals("dense", dense.get("retriever").asText());
    assertEquals(10, dense.get("hits").size());
    JsonNode bm25 = t.get("/api/search?q=" + q(QUERY) + "&k=10").json();
    assertEquals("bm25", bm25.get("retriever").asText(), "bm25 is the default");
    JsonNode hybrid = t.get("/api/search?q=" + q(QUERY) + "&k=10&retriever=hybrid").json();
    List<String> fusedTop = new ArrayList<>();
    hybrid.get("hits").forEach(h -> fusedTop.add(h.get("id").asText()));
    // reciprocal rank fusion: a document first in both lists is first; 1/61 + 1/61 is the largest fused score
    if (dense.at("/hits/0/id").asText().equals(bm25.at("/hits/0/id").asText())) {
      assertEquals(bm25.at("/hits/0/id").asText(), fusedTop.get(0));
      assertEquals(2.0 / 61, hybrid.at("/hits/0/score").asDouble(), 1e-6);
    }
    assertEquals(10, fusedTop.size());
    assertEquals(10, Collections.frequency(fusedTop.stream().distinct().map(x -> 1).toList(), 1));
  }

  @Test
  void aBatchIsAnsweredQueryByQuery() {
    TestServer.Response r = t.post("/api/search", Map.of("index", "scifact", "k", 3, "retriever", "dense",
        "queries", List.of(QUERY, Map.of("q", "AIRE is expressed in some skin tumors.", "qid", "50"))));
    assertEquals(200, r.status(), r.body());
    JsonNode results = r.json().get("results");
    assertEquals(2, results.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(3, results.get(i).get("hits").size());
    }
    String single = t.get("/api/search?q=" + q(QUERY) + "&k=3&retriever=dense").json().get("hits").toString();
    assertEquals(single.replaceAll("\"score\":[^,]+", ""), results.get(0).get("hits").toString()
        .replaceAll("\"score\":[^,]+", ""), "a batch ranks as single queries do");
    assertEquals("50", results.get(1).at("/judged/query_id").asText());
  }

  @Test
  void badSearchesAre400sNamingTheParameter() {
    String longQuery = "a".repeat(TestServer.LIMITS.maxQueryChars() + 1);
    Map<String, String> cases = Map.ofEntries(
        Map.entry("/api/search", "q"),
        Map.entry("/api/search?q=", "q"),
        Map.entry("/api/search?q=%20%20", "q"),
        Map.entry("/api/search?q=" + longQuery, "q"),
        Map.entry("/api/search?q=x&k=0", "k"),
        Map.entry("/api/search?q=x&k=101", "k"),
        Map.entry("/api/search?q=x&k=ten", "k"),
        Map.entry("/api/search?q=x&k=99999999999", "k"),
        Map.entry("/api/search?q=x&index=nope", "index"),
        Map.entry("/api/search?q=x&index=..%2F..%2Fetc", "index"),
        Map.entry("/api/search?q=x&retriever=colbert", "retriever"),
        Map.entry("/api/search?q=x&qid=nope", "qid"),
        Map.entry("/api/search?q=x&snippets=no", "snippets"));
    cases.forEach((path, param) -> {
      TestServer.Response r = t.get(path);
      assertEquals(400, r.status(), path + ": " + r.body());
      assertEquals(param, r.param(), path + ": " + r.body());
      assertFalse(r.json().at("/error/message").asText().isEmpty());
    });
  }

  @Test
  void badBatchesAre400sNamingTheParameter() {
    List<String> tooMany = Collections.nCopies(TestServer.LIMITS.maxBatch() + 1, "x");
    Map<String, String> cases = Map.ofEntries(
        Map.entry("{\"queries\": [\"x\"", "body"),
        Map.entry("not json", "body"),
        Map.entry("[\"x\"]", "body"),
        Map.entry("", "body"),
        Map.entry("{}", "queries"),
        Map.entry("{\"queries\": \"x\"}", "queries"),
        Map.entry("{\"queries\": []}", "queries"),
        Map.entry("{\"queries\": [1]}", "queries"),
        Map.entry("{\"queries\": [\"\"]}", "queries"),
        Map.entry("{\"queries\": [{\"qid\": \"1\"}]}", "queries"),
        Map.entry("{\"queries\": " + toJson(tooMany) + "}", "queries"),
        Map.entry("{\"queries\": [\"x\"], \"k\": 1.5}", "k"),
        Map.entry("{\"queries\": [\"x\"], \"k\": \"3\"}", "k"),
        Map.entry("{\"queries\": [\"x\"], \"index\": 3}", "index"),
        Map.entry("{\"queries\": [\"x\"], \"index\": \"nope\"}", "index"),
        Map.entry("{\"queries\": [\"x\"], \"retriever\": \"nope\"}", "retriever"));
    cases.forEach((body, param) -> {
      TestServer.Response r = t.post("/api/search", body);
      assertEquals(400, r.status(), body + ": " + r.body());
      assertEquals(param, r.param(), body + ": " + r.body());
    });
    TestServer.Response big = t.post("/api/search", "{\"queries\": [\"" + "x".repeat(TestServer.LIMITS.maxBodyBytes())
        + "\"]}");
    assertEquals(413, big.status(), big.body());
    assertEquals("body", big.param());
  }

  static String toJson(Object value) {
    try {
      return TestServer.JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
