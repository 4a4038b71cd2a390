/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.PairedComparison;
import dev.quarry.core.eval.QueryOverlap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores runs against judgments exactly as trec_eval 9 does, and compares two runs by the paired t-test and the paired
 * randomization test (10,000 trials, fixed seed), as {@code quarry eval} does. Queries a run lacks are left out of the
 * means (trec_eval without {@code -c}); a run that shares no query with the judgments is refused.
 *
 * <pre>{@code
 * Qrels qrels = dataset.qrels("test");
 * double ndcg = Evaluations.evaluate(run, qrels, "ndcg@10").mean("ndcg@10");
 * PairedComparison c = Evaluations.compare(bm25Run, denseRun, qrels, "ndcg@10").get("ndcg@10");
 * boolean better = c.delta() > 0 && c.randomizationP() < 0.05;
 * }</pre>
 */
public final class Evaluations {
  private Evaluations() {}

  /**
   * Evaluates a run.
   *
   * @param run the run
   * @param qrels the judgments
   * @param metrics comma-separated: {@code ndcg@k}, {@code ndcg}, {@code recall@k}, {@code p@k}, {@code mrr@k},
   *     {@code mrr}, {@code map}, {@code map@k}, {@code success@k}
   * @return per-query values and means ({@link Evaluation#mean(String)})
   * @throws IllegalArgumentException naming an unknown metric, or when the run and the judgments share no query
   */
  public static Evaluation evaluate(Run run, Qrels qrels, String metrics) {
    QueryOverlap.of(run.queryIds(), qrels.queryIds()).requireCommon("the run", "the qrels");
    return new Evaluator(qrels, Metric.parseList(metrics)).evaluate(run);
  }

  /**
   * Compares a run with a baseline, metric by metric, over the queries both were evaluated on.
   *
   * @param baseline the run compared against (A)
   * @param run the other run (B); a positive {@link PairedComparison#delta()} means B is better
   * @param qrels the judgments
   * @param metrics comma-separated, as {@link #evaluate} takes them
   * @return each metric's name to its comparison, in the order given
   * @throws IllegalArgumentException naming an unknown metric, or when a run and the judgments share no query
   */
  public static Map<String, PairedComparison> compare(Run baseline, Run run, Qrels qrels, String metrics) {
    Evaluation base = evaluate(baseline, qrels, metrics);
    Evaluation other = evaluate(run, qrels, metrics);
    List<PairedComparison> comparisons = other.comparedTo(base);
    Map<String, PairedComparison> byName = new LinkedHashMap<>();
    for (int i = 0; i < comparisons.size(); i++) {
      byName.put(other.metrics().get(i).name(), comparisons.get(i));
    }
    return byName;
  }
}
