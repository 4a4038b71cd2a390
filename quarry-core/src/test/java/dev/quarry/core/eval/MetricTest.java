/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricTest {
  @Test
  void parsesNamesAndMapsThemToTrecEval() {
    assertEquals("ndcg_cut.10", Metric.parse("nDCG@10").trecEvalName());
    assertEquals("recall.100", Metric.parse("R@100").trecEvalName());
    assertEquals("P.5", Metric.parse("p@5").trecEvalName());
    assertEquals("map", Metric.parse("map").trecEvalName());
    assertEquals("map_cut.100", Metric.parse("map@100").trecEvalName());
    assertEquals("recip_rank", Metric.parse("mrr@10").trecEvalName());
    assertEquals("success.10", Metric.parse("success@10").trecEvalName());
    assertEquals(List.of("ndcg@10", "recall@100"),
        Metric.parseList("ndcg@10, recall@100").stream().map(Metric::name).toList());
  }

  @Test
  void refusesWhatItCannotMeasure() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Metric.parse("bleu@4")).getMessage()
        .contains("known: ndcg, ndcg@k, recall@k, p@k, mrr, mrr@k, map, map@k, success@k"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Metric.parse("recall")).getMessage()
        .contains("needs a cut-off"));
    assertThrows(IllegalArgumentException.class, () -> Metric.parse("ndcg@0"));
    assertThrows(IllegalArgumentException.class, () -> Metric.parse("ndcg@ten"));
    assertThrows(IllegalArgumentException.class, () -> Metric.parseList(" , "));
  }
}
