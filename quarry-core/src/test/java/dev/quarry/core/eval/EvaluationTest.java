/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An evaluation's lines as trec_eval prints them, and its accessors. */
class EvaluationTest {
  private static Evaluation evaluation() {
    Map<String, double[]> perQuery = new LinkedHashMap<>();
    perQuery.put("q1", new double[] {1, .25});
    perQuery.put("q2", new double[] {.5, 0});
    return new Evaluation(List.of(Metric.parse("ndcg@10"), Metric.parse("recall@100")), perQuery,
        new double[] {.75, .125});
  }

  @Test
  void formatsTrecEvalLinesPerQueryThenAll() {
    assertEquals("""
        ndcg@10     \tall\t0.7500
        recall@100  \tall\t0.1250
        num_q       \tall\t2
        """, evaluation().format(false));
    assertEquals("""
        ndcg@10     \tq1\t1.0000
        recall@100  \tq1\t0.2500
        ndcg@10     \tq2\t0.5000
        recall@100  \tq2\t0.0000
        ndcg@10     \tall\t0.7500
        recall@100  \tall\t0.1250
        num_q       \tall\t2
        """, evaluation().format(true));
  }

  @Test
  void givesEachMetricsMeanAndPerQueryValues() {
    Evaluation e = evaluation();
    assertEquals(.125, e.mean("recall@100"));
    assertEquals(.75, e.mean(Metric.parse("ndcg@10")));
    assertEquals(Map.of("q1", .25, "q2", 0.0), e.perQuery(Metric.parse("recall@100")));
    assertEquals(2, e.queryCount());
    assertEquals("mrr@10 was not evaluated; evaluated: [ndcg@10, recall@100]",
        assertThrows(IllegalArgumentException.class, () -> e.mean("mrr@10")).getMessage());
  }

  @Test
  void comparesEachMetricWithABaselinesInMetricOrder() {
    Map<String, double[]> worse = new LinkedHashMap<>();
    worse.put("q1", new double[] {.5, .25});
    worse.put("q2", new double[] {.25, .5});
    Evaluation baseline = new Evaluation(evaluation().metrics(), worse, new double[] {.375, .375});
    List<PairedComparison> c = evaluation().comparedTo(baseline);
    assertEquals(2, c.size());
    assertEquals(.375, c.get(0).meanA());
    assertEquals(.75, c.get(0).meanB());
    assertEquals(.375, c.get(0).delta(), 1e-12);
    assertEquals(-.25, c.get(1).delta(), 1e-12);
    assertEquals(PairedComparison.compare(baseline.perQuery(Metric.parse("recall@100")),
        evaluation().perQuery(Metric.parse("recall@100"))), c.get(1));
  }
}
