/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.io.IndexManifest;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /api/info} (what the server serves, for the page and for people) and {@code GET /api/queries}. */
final class InfoEndpoints {
  private final Catalog catalog;
  private final ServerSettings limits;

  InfoEndpoints(Catalog catalog, ServerSettings limits) {
    this.catalog = catalog;
    this.limits = limits;
  }

  void info(Context ctx) {
    ObjectNode out = Requests.JSON.createObjectNode();
    ArrayNode indexes = out.putArray("indexes");
    for (ServedCollection c : catalog.collections().values()) {
      ObjectNode item = indexes.addObject();
      item.put("name", c.name());
      item.put("documents", c.documentCount());
      item.put("texts", c.documents().size());
      item.put("default_retriever", c.defaultRetriever());
      ArrayNode retrievers = item.putArray("retrievers");
      c.retrievers().forEach(retrievers::add);
      ObjectNode parts = item.putObject("parts");
      for (Map.Entry<String, ServedCollection.Part> p : c.parts().entrySet()) {
        IndexManifest m = p.getValue().manifest();
        ObjectNode part = parts.putObject(p.getKey());
        part.put("kind", m.kind());
        m.settings().entrySet().stream().filter(e -> !e.getKey().equals("corpus") && !e.getKey().equals("embeddings"))
            .forEach(e -> part.put(e.getKey(), e.getValue()));
      }
    }
    Judgments judgments = catalog.judgments();
    if (judgments != null) {
      ObjectNode dataset = out.putObject("dataset");
      dataset.put("name", judgments.dataset());
      dataset.put("split", judgments.split());
      dataset.put("judged_queries", judgments.queries().size());
    }
    ArrayNode rerankers = out.putArray("rerankers");
    catalog.rerankers().keySet().forEach(rerankers::add);
    rerankers.add(ServedCollection.BM25);
    ArrayNode models = out.putArray("models");
    catalog.models().keySet().forEach(models::add);
    ObjectNode l = out.putObject("limits");
    l.put("max_body_bytes", limits.maxBodyBytes());
    l.put("max_run_bytes", limits.maxRunBytes());
    l.put("max_query_chars", limits.maxQueryChars());
    l.put("max_k", limits.maxK());
    l.put("max_batch", limits.maxBatch());
    l.put("max_runs", limits.maxRuns());
    ServerMetrics.json(ctx, out);
  }

  /** The dataset's judged queries, id and text, for the page's query list (empty without a dataset). */
  void queries(Context ctx) {
    ObjectNode out = Requests.JSON.createObjectNode();
    ArrayNode list = out.putArray("queries");
    Judgments judgments = catalog.judgments();
    if (judgments != null) {
      judgments.queries().asMap().forEach((id, text) -> list.addObject().put("id", id).put("text", text));
    }
    ServerMetrics.json(ctx, out);
  }
}
