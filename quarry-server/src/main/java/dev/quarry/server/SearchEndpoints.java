/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.data.ScoredDocument;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/search} (one query) and {@code POST /api/search} (a batch, searched in one call: a dense index
 * encodes the batch at once). A query whose text is a judged query of the dataset (or that names one with
 * {@code qid}) gets its hits' grades and its nDCG@10.
 */
final class SearchEndpoints {
  /** Hits a search returns by default. */
  static final int DEFAULT_K = 10;

  private final Catalog catalog;
  private final Requests requests;
  private final Hits hits;
  private final ServerMetrics metrics;

  SearchEndpoints(Catalog catalog, Requests requests, Hits hits, ServerMetrics metrics) {
    this.catalog = catalog;
    this.requests = requests;
    this.hits = hits;
    this.metrics = metrics;
  }

  void get(Context ctx) {
    String q = requests.query(ctx.queryParam("q"), "q");
    ServedCollection collection = collection(ctx.queryParam("index"));
    String retriever = retriever(collection, ctx.queryParam("retriever"));
    int k = requests.k(ctx.queryParam("k"), DEFAULT_K);
    String qid = queryId(ctx.queryParam("qid"), q);
    boolean withSnippets = flag(ctx.queryParam("snippets"), "snippets");
    long start = System.nanoTime();
    List<ScoredDocument> ranked = search(collection, retriever, List.of(q), k).get(0);
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("query", q);
    out.put("index", collection.name());
    out.put("retriever", retriever);
    out.put("k", k);
    hits.write(out, q, qid, ranked, k, collection.documents(), withSnippets);
    out.put("took_ms", ServerMetrics.millis(System.nanoTime() - start));
    ServerMetrics.json(ctx, out);
  }

  void post(Context ctx) {
    JsonNode body = requests.jsonBody(ctx);
    ServedCollection collection = collection(Requests.optionalText(body, "index"));
    String retriever = retriever(collection, Requests.optionalText(body, "retriever"));
    int k = requests.k(body.get("k"), DEFAULT_K);
    JsonNode items = body.get("queries");
    if (items == null || !items.isArray()) {
      throw ApiException.badRequest("queries", "'queries' must be a list of query texts or {\"q\", \"qid\"} objects");
    }
    requests.batchSize(items.size(), "queries");
    List<String> texts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (JsonNode item : items) {
      String q = item.isObject() ? Requests.optionalText(item, "q") : item.isTextual() ? item.textValue() : null;
      texts.add(requests.query(q, "queries"));
      ids.add(queryId(item.isObject() ? Requests.optionalText(item, "qid") : null, q));
    }
    long start = System.nanoTime();
    List<List<ScoredDocument>> ranked = search(collection, retriever, texts, k);
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("index", collection.name());
    out.put("retriever", retriever);
    out.put("k", k);
    ArrayNode results = out.putArray("results");
    for (int i = 0; i < texts.size(); i++) {
      ObjectNode one = results.addObject();
      one.put("query", texts.get(i));
      hits.write(one, texts.get(i), ids.get(i), ranked.get(i), k, collection.documents());
    }
    out.put("took_ms", ServerMetrics.millis(System.nanoTime() - start));
    ServerMetrics.json(ctx, out);
  }

  /** The top hits, at least 10 so that a judged query's nDCG@10 does not depend on k. */
  private List<List<ScoredDocument>> search(ServedCollection collection, String retriever, List<String> queries,
      int k) {
    long start = System.nanoTime();
    List<List<ScoredDocument>> ranked = collection.search(retriever, queries, Math.max(k, 10));
    metrics.searched(collection.name(), retriever, queries.size(), System.nanoTime() - start);
    return ranked;
  }

  /** true (the default) or false. */
  private static boolean flag(String text, String parameter) {
    if (text == null || text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    throw ApiException.badRequest(parameter, parameter + " must be true or false; got '" + Requests.abbreviate(text)
        + "'");
  }

  ServedCollection collection(String name) {
    if (name == null && catalog.collections().size() == 1) {
      return catalog.collections().values().iterator().next();
    }
    return Requests.named(catalog.collections(), name, "index", "index");
  }

  static String retriever(ServedCollection collection, String name) {
    if (name == null || name.isBlank()) {
      return collection.defaultRetriever();
    }
    if (!collection.retrievers().contains(name)) {
      throw ApiException.badRequest("retriever", "index '" + collection.name() + "' has no retriever '"
          + Requests.abbreviate(name) + "'; it has " + String.join(", ", collection.retrievers()));
    }
    return name;
  }

  /** The judged query named by {@code qid}, else the one with the query's exact text, else null. */
  private String queryId(String qid, String text) {
    Judgments judgments = catalog.judgments();
    if (qid != null) {
      if (judgments == null || !judgments.isJudged(qid)) {
        throw ApiException.badRequest("qid", "'" + Requests.abbreviate(qid) + "' is not a judged query of "
            + (judgments == null ? "this server (it has no --dataset)" : judgments.dataset() + " "
            + judgments.split()));
      }
      return qid;
    }
    return judgments == null || text == null ? null : judgments.idOf(text);
  }
}
