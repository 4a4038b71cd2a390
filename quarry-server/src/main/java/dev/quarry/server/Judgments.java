/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.PairedComparison;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's judged queries and qrels for one split: what marks hits with their grades, gives a query its
 * nDCG@10, and compares two runs query by query ({@link PairedComparison}). A query typed on the page is matched to
 * a dataset query by its exact text. Thread-safe.
 */
public final class Judgments {
  /** The metric the page shows per query and compares runs by. */
  public static final Metric NDCG_10 = Metric.parse("ndcg@10");

  private final String dataset;
  private final String split;
  private final Queries judged;
  private final Qrels qrels;
  private final Evaluator evaluator;
  private final Evaluator complete;
  private final Map<String, String> idByText = new HashMap<>();

  public Judgments(String dataset, String split, Queries queries, Qrels qrels) {
    this.dataset = dataset;
    this.split = split;
    this.judged = queries.filter(qrels::contains);
    if (judged.size() == 0) {
      throw new IllegalArgumentException("dataset " + dataset + ": no query of split '" + split + "' is judged");
    }
    Map<String, Map<String, Integer>> kept = new LinkedHashMap<>();
    judged.ids().forEach(id -> kept.put(id, qrels.judgments(id)));
    this.qrels = new Qrels(kept);
    this.evaluator = new Evaluator(this.qrels, List.of(NDCG_10));
    this.complete = new Evaluator(this.qrels, List.of(NDCG_10), true, 1);
    judged.asMap().forEach((id, text) -> idByText.putIfAbsent(text.strip(), id));
  }

  /** The split's judged queries and qrels of a BEIR dataset. */
  public static Judgments of(BeirDataset data, String split) {
    return new Judgments(data.name(), split, data.queries(), data.qrels(split));
  }

  public String dataset() {
    return dataset;
  }

  public String split() {
    return split;
  }

  /** The judged queries, id to text. */
  public Queries queries() {
    return judged;
  }

  public boolean isJudged(String queryId) {
    return judged.text(queryId) != null;
  }

  /** The id of the judged query with exactly this text (spaces at the ends aside), or null. */
  public String idOf(String text) {
    return idByText.get(text.strip());
  }

  /** A judged query's grades by document id. */
  public Map<String, Integer> grades(String queryId) {
    return qrels.judgments(queryId);
  }

  /** A judged query's nDCG@10 for a ranked list (best first), as trec_eval computes it. */
  public double ndcg10(String queryId, List<ScoredDocument> ranked) {
    Run run = new Run();
    run.put(queryId, ranked);
    return evaluator.evaluate(run).perQuery(NDCG_10).getOrDefault(queryId, 0.0);
  }

  /** Each judged query's nDCG@10 in a run (queries missing from the run count 0, as trec_eval -c). */
  public Map<String, Double> perQuery(Run run) {
    return complete.evaluate(run).perQuery(NDCG_10);
  }
}
