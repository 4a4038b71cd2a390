/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores runs against qrels exactly as trec_eval 9 does, so that figures can be compared with published ones.
 * Written here rather than shelling out to trec_eval because it must run in-process, on every platform, and give
 * per-query values to the significance tests; the tests hold it to trec_eval's output on random runs.
 *
 * <p>trec_eval's conventions, all reproduced: documents are ranked by score descending with ties broken by
 * document id descending (the rank column is ignored); a document is relevant when its grade is at least the
 * relevance level (1); nDCG uses the grade itself as the gain and {@code log2(rank + 1)} as the discount, with the
 * ideal ranking built from all judged grades; P@k divides by k even when fewer are retrieved; queries in the run
 * but not in the qrels are ignored; queries in the qrels but not in the run are ignored, unless {@code complete}
 * (trec_eval's {@code -c}) is set, when they count with every measure 0; a judged query with no relevant
 * document scores 0 and counts. Thread-safe once built.
 */
public final class Evaluator {
  private final Qrels qrels;
  private final List<Metric> metrics;
  private final boolean complete;
  private final int relevanceLevel;

  public Evaluator(Qrels qrels, List<Metric> metrics) {
    this(qrels, metrics, false, 1);
  }

  /**
   * @param complete average over every judged query, counting those missing from the run as 0 (trec_eval -c)
   * @param relevanceLevel the least grade that counts as relevant for the binary measures (trec_eval -l)
   */
  public Evaluator(Qrels qrels, List<Metric> metrics, boolean complete, int relevanceLevel) {
    if (qrels == null) {
      throw new IllegalArgumentException("qrels must not be null");
    }
    if (metrics == null || metrics.isEmpty()) {
      throw new IllegalArgumentException("at least one metric is needed");
    }
    if (relevanceLevel < 1) {
      throw new IllegalArgumentException("relevance level must be at least 1; got " + relevanceLevel);
    }
    this.qrels = qrels;
    this.metrics = List.copyOf(metrics);
    this.complete = complete;
    this.relevanceLevel = relevanceLevel;
  }

  public List<Metric> metrics() {
    return metrics;
  }

  public Evaluation evaluate(Run run) {
    TreeSet<String> queries = new TreeSet<>();
    for (String q : run.queryIds()) {
      if (qrels.contains(q)) {
        queries.add(q);
      }
    }
    if (complete) {
      queries.addAll(qrels.queryIds());
    }
    Map<String, double[]> perQuery = new TreeMap<>();
    double[] sums = new double[metrics.size()];
    for (String q : queries) {
      double[] values = evaluateQuery(run.results(q), qrels.judgments(q));
      perQuery.put(q, values);
      for (int i = 0; i < values.length; i++) {
        sums[i] += values[i];
      }
    }
    double[] means = new double[metrics.size()];
    if (!queries.isEmpty()) {
      for (int i = 0; i < means.length; i++) {
        means[i] = sums[i] / queries.size();
      }
    }
    return new Evaluation(metrics, perQuery, means);
  }

  /** One query's values, one per metric; {@code ranked} must be in {@link ScoredDocument#TREC_EVAL_ORDER}. */
  double[] evaluateQuery(List<ScoredDocument> ranked, Map<String, Integer> judgments) {
    int[] grades = new int[ranked.size()];
    for (int i = 0; i < grades.length; i++) {
      grades[i] = judgments.getOrDefault(ranked.get(i).docId(), 0);
    }
    int relevantCount = 0;
    for (int grade : judgments.values()) {
      if (grade >= relevanceLevel) {
        relevantCount++;
      }
    }
    int[] idealGains = judgments.values().stream().mapToInt(Integer::intValue).filter(g -> g > 0)
        .map(g -> -g).sorted().map(g -> -g).toArray();
    double[] values = new double[metrics.size()];
    for (int m = 0; m < values.length; m++) {
      Metric metric = metrics.get(m);
      int depth = metric.cutoff() == 0 ? grades.length : Math.min(metric.cutoff(), grades.length);
      values[m] = switch (metric.measure()) {
        case NDCG -> ndcg(grades, depth, idealGains, metric.cutoff());
        case RECALL -> relevantCount == 0 ? 0 : (double) relevantIn(grades, depth) / relevantCount;
        case PRECISION -> (double) relevantIn(grades, depth) / metric.cutoff();
        case MRR -> reciprocalRank(grades, depth);
        case MAP -> averagePrecision(grades, depth, relevantCount);
        case SUCCESS -> relevantIn(grades, depth) > 0 ? 1 : 0;
      };
    }
    return values;
  }

  private int relevantIn(int[] grades, int depth) {
    int count = 0;
    for (int i = 0; i < depth; i++) {
      if (grades[i] >= relevanceLevel) {
        count++;
      }
    }
    return count;
  }

  private double reciprocalRank(int[] grades, int depth) {
    for (int i = 0; i < depth; i++) {
      if (grades[i] >= relevanceLevel) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  private double averagePrecision(int[] grades, int depth, int relevantCount) {
    if (relevantCount == 0) {
      return 0;
    }
    double sum = 0;
    int found = 0;
    for (int i = 0; i < depth; i++) {
      if (grades[i] >= relevanceLevel) {
        found++;
        sum += (double) found / (i + 1);
      }
    }
    return sum / relevantCount;
  }

  private static double ndcg(int[] grades, int depth, int[] idealGains, int cutoff) {
    double dcg = 0;
    for (int i = 0; i < depth; i++) {
      if (grades[i] > 0) {
        dcg += grades[i] / log2(i + 2);
      }
    }
    int idealDepth = cutoff == 0 ? idealGains.length : Math.min(cutoff, idealGains.length);
    double ideal = 0;
    for (int i = 0; i < idealDepth; i++) {
      ideal += idealGains[i] / log2(i + 2);
    }
    return ideal > 0 ? dcg / ideal : 0;
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }

  @Override
  public String toString() {
    return "Evaluator[metrics=" + metrics + ", complete=" + complete + ", relevanceLevel=" + relevanceLevel
        + ", queries=" + qrels.size() + "]";
  }
}
