/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.data.DataFormatException;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.PairedComparison;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation view's runs: produced by the server (every judged query of the dataset's split through one of its
 * retrievers) or uploaded as TREC run files, kept in memory (at most {@code maxRuns}), opened query by query, and
 * compared by per-query nDCG@10 with {@link PairedComparison}'s paired t-test and randomization test. Needs
 * {@code --dataset}: without judgments there is nothing to evaluate.
 */
final class RunEndpoints {
  /** A run kept: its results and where it came from. */
  private record StoredRun(String name, Run run, String source, String index) {}

  private final Catalog catalog;
  private final Requests requests;
  private final Hits hits;
  private final SearchEndpoints search;
  private final ServerSettings limits;
  private final Map<String, StoredRun> runs = new LinkedHashMap<>();

  RunEndpoints(Catalog catalog, Requests requests, Hits hits, SearchEndpoints search, ServerSettings limits) {
    this.catalog = catalog;
    this.requests = requests;
    this.hits = hits;
    this.search = search;
    this.limits = limits;
  }

  void list(Context ctx) {
    ObjectNode out = Requests.JSON.createObjectNode();
    ArrayNode list = out.putArray("runs");
    for (StoredRun r : snapshot()) {
      ObjectNode item = list.addObject();
      item.put("name", r.name());
      item.put("queries", r.run().size());
      item.put("source", r.source());
      item.put("index", r.index());
    }
    ServerMetrics.json(ctx, out);
  }

  /** {@code POST /api/runs}: {@code {"index", "retriever", "k", "name"}} run over every judged query. */
  void produce(Context ctx) {
    Judgments judgments = judgments();
    JsonNode body = requests.jsonBody(ctx);
    ServedCollection collection = search.collection(Requests.optionalText(body, "index"));
    String retriever = SearchEndpoints.retriever(collection, Requests.optionalText(body, "retriever"));
    int k = requests.k(body.get("k"), 100);
    String name = Requests.optionalText(body, "name");
    name = name(name == null ? collection.name() + "-" + retriever : name);
    List<String> ids = new ArrayList<>(judgments.queries().ids());
    List<String> texts = ids.stream().map(judgments.queries()::text).toList();
    long start = System.nanoTime();
    Run run = new Run();
    int batch = limits.maxBatch();
    for (int from = 0; from < ids.size(); from += batch) {
      int to = Math.min(ids.size(), from + batch);
      List<List<ScoredDocument>> ranked = collection.search(retriever, texts.subList(from, to), k);
      for (int i = from; i < to; i++) {
        run.put(ids.get(i), ranked.get(i - from));
      }
    }
    store(new StoredRun(name, run, retriever + " on " + collection.name() + ", top " + k, collection.name()));
    ObjectNode out = describe(name, run);
    out.put("took_ms", ServerMetrics.millis(System.nanoTime() - start));
    ServerMetrics.json(ctx, out);
  }

  /** {@code POST /api/runs/{name}?index=NAME}: a TREC run file as the body. */
  void upload(Context ctx) {
    judgments();
    String name = name(ctx.pathParam("name"));
    ServedCollection collection = search.collection(ctx.queryParam("index"));
    String text = requests.textBody(ctx, limits.maxRunBytes(), "body");
    Run run = parse(text);
    if (run.size() == 0) {
      throw ApiException.badRequest("body", "the run has no lines");
    }
    store(new StoredRun(name, run, "uploaded", collection.name()));
    ServerMetrics.json(ctx, describe(name, run));
  }

  void delete(Context ctx) {
    String name = ctx.pathParam("name");
    synchronized (runs) {
      if (runs.remove(name) == null) {
        throw new ApiException(404, "name", "no run named '" + Requests.abbreviate(name) + "'");
      }
    }
    ctx.status(204);
  }

  /** {@code GET /api/runs/{name}/{qid}?k=10}: one query's list in a run, shown as search results are. */
  void query(Context ctx) {
    Judgments judgments = judgments();
    StoredRun stored = run(ctx.pathParam("name"), "name");
    String qid = ctx.pathParam("qid");
    String text = judgments.queries().text(qid);
    if (text == null) {
      throw ApiException.badRequest("qid", "'" + Requests.abbreviate(qid) + "' is not a judged query of "
          + judgments.dataset() + " " + judgments.split());
    }
    int k = requests.k(ctx.queryParam("k"), SearchEndpoints.DEFAULT_K);
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("query", text);
    out.put("run", stored.name());
    out.put("k", k);
    hits.write(out, text, qid, stored.run().results(qid), k, catalog.collections().get(stored.index()).documents());
    ServerMetrics.json(ctx, out);
  }

  /** {@code GET /api/compare?a=RUN&b=RUN}: per-query nDCG@10 of both, B - A sorted, and the paired tests. */
  void compare(Context ctx) {
    Judgments judgments = judgments();
    StoredRun a = run(ctx.queryParam("a"), "a");
    StoredRun b = run(ctx.queryParam("b"), "b");
    Map<String, Double> valuesA = judgments.perQuery(a.run());
    Map<String, Double> valuesB = judgments.perQuery(b.run());
    PairedComparison test = PairedComparison.compare(valuesA, valuesB);
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("a", a.name());
    out.put("b", b.name());
    out.put("metric", Judgments.NDCG_10.name());
    out.put("queries", test.queries());
    out.put("mean_a", test.meanA());
    out.put("mean_b", test.meanB());
    out.put("delta", test.delta());
    out.put("t", test.t());
    out.put("t_test_p", test.tTestP());
    out.put("randomization_p", test.randomizationP());
    out.put("trials", test.trials());
    List<String> ids = new ArrayList<>(valuesA.keySet());
    ids.sort(Comparator.comparingDouble((String q) -> valuesA.get(q) - valuesB.get(q)).thenComparing(q -> q));
    ArrayNode perQuery = out.putArray("per_query");
    for (String q : ids) {
      ObjectNode item = perQuery.addObject();
      item.put("qid", q);
      item.put("query", judgments.queries().text(q));
      item.put("a", valuesA.get(q));
      item.put("b", valuesB.get(q));
      item.put("delta", valuesB.get(q) - valuesA.get(q));
    }
    ServerMetrics.json(ctx, out);
  }

  private Judgments judgments() {
    Judgments judgments = catalog.judgments();
    if (judgments == null) {
      throw ApiException.badRequest("dataset", "this server has no judgments to evaluate with: start it with"
          + " --dataset");
    }
    return judgments;
  }

  private static String name(String name) {
    if (name == null || !name.matches(Catalog.NAME_PATTERN)) {
      throw ApiException.badRequest("name", "a run's name is 1-64 letters, digits, '.', '_' or '-'; got '"
          + Requests.abbreviate(String.valueOf(name)) + "'");
    }
    return name;
  }

  private StoredRun run(String name, String parameter) {
    synchronized (runs) {
      Map<String, StoredRun> known = new LinkedHashMap<>(runs);
      return Requests.named(known, name, parameter, "run");
    }
  }

  private List<StoredRun> snapshot() {
    synchronized (runs) {
      return List.copyOf(runs.values());
    }
  }

  private void store(StoredRun run) {
    synchronized (runs) {
      if (!runs.containsKey(run.name()) && runs.size() >= limits.maxRuns()) {
        throw ApiException.badRequest("name", "the server keeps at most " + limits.maxRuns()
            + " runs; delete one first (DELETE /api/runs/{name})");
      }
      runs.put(run.name(), run);
    }
  }

  private static ObjectNode describe(String name, Run run) {
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("name", name);
    out.put("queries", run.size());
    return out;
  }

  /** A TREC run from text, through {@link Run#read}'s checks; errors name the line, not the temporary file. */
  private static Run parse(String text) {
    Path file = null;
    try {
      file = Files.createTempFile("quarry-upload-", ".trec");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return Run.read(file);
    } catch (DataFormatException e) {
      String prefix = e.file() + (e.line() > 0 ? ":" + e.line() : "") + ": ";
      String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
      throw ApiException.badRequest("body", (e.line() > 0 ? "line " + e.line() + ": " : "") + problem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          file.toFile().deleteOnExit();
        }
      }
    }
  }
}
