/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.data.Document;
import dev.quarry.core.rerank.Reranker;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/rerank}: a query and its candidates, given as document ids of an index's corpus or as texts,
 * scored by a reranker: {@code bm25} (BM25 with the index's statistics), or one given with {@code --reranker} (a
 * cross-encoder, a pairwise reranker by sym-sum, or a dense model). Answers the candidates best first, each with its
 * position in the request.
 */
final class RerankEndpoint {
  private final Catalog catalog;
  private final Requests requests;
  private final SearchEndpoints search;

  RerankEndpoint(Catalog catalog, Requests requests, SearchEndpoints search) {
    this.catalog = catalog;
    this.requests = requests;
    this.search = search;
  }

  void rerank(Context ctx) {
    JsonNode body = requests.jsonBody(ctx);
    String query = requests.query(Requests.optionalText(body, "query"), "query");
    boolean byId = body.hasNonNull("ids");
    if (byId == body.hasNonNull("texts")) {
      throw ApiException.badRequest("ids", "give the candidates either as 'ids' or as 'texts'");
    }
    List<String> candidates = requests.strings(body.get(byId ? "ids" : "texts"), byId ? "ids" : "texts", false);
    String name = Requests.optionalText(body, "reranker");
    String indexName = Requests.optionalText(body, "index");
    ServedCollection collection = byId || ServedCollection.BM25.equals(name) ? search.collection(indexName) : null;
    Reranker reranker = reranker(name, collection);
    List<String> texts = byId ? texts(candidates, collection) : candidates;
    if (reranker instanceof PairwiseScorer && texts.size() > PairwiseScorer.MAX_CANDIDATES) {
      throw ApiException.badRequest(byId ? "ids" : "texts", "a pairwise reranker judges every ordered pair: at most "
          + PairwiseScorer.MAX_CANDIDATES + " candidates; got " + texts.size());
    }
    long start = System.nanoTime();
    float[] scores = reranker.score(query, texts);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("query", query);
    out.put("reranker", reranker.modelId());
    ArrayNode results = out.putArray("results");
    for (int i : order) {
      ObjectNode r = results.addObject();
      r.put("index", i);
      if (byId) {
        r.put("id", candidates.get(i));
      }
      r.put("score", scores[i]);
    }
    out.put("took_ms", ServerMetrics.millis(System.nanoTime() - start));
    ServerMetrics.json(ctx, out);
  }

  private Reranker reranker(String name, ServedCollection collection) {
    if (ServedCollection.BM25.equals(name)) {
      if (collection.bm25Scorer() == null) {
        throw ApiException.badRequest("reranker", "index '" + collection.name() + "' has no BM25 index to score with");
      }
      return collection.bm25Scorer();
    }
    Map<String, Reranker> known = catalog.rerankers();
    if (name == null && known.size() == 1) {
      return known.values().iterator().next();
    }
    Reranker reranker = name == null ? null : known.get(name);
    if (reranker == null) {
      List<String> names = new ArrayList<>(known.keySet());
      names.add(ServedCollection.BM25);
      throw ApiException.badRequest("reranker", (name == null ? "no reranker given" : "unknown reranker '"
          + Requests.abbreviate(name) + "'") + "; known: " + String.join(", ", names));
    }
    return reranker;
  }

  private static List<String> texts(List<String> ids, ServedCollection collection) {
    if (collection.documents().isEmpty()) {
      throw ApiException.badRequest("ids", "index '" + collection.name() + "' has no corpus texts; give 'texts'");
    }
    List<String> texts = new ArrayList<>(ids.size());
    for (String id : ids) {
      Document d = collection.documents().get(id);
      if (d == null) {
        throw ApiException.badRequest("ids", "index '" + collection.name() + "' has no document '"
            + Requests.abbreviate(id) + "'");
      }
      texts.add(d.contents());
    }
    return texts;
  }
}
