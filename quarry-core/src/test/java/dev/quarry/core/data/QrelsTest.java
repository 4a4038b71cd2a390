/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Judgments that name a query or document the collection lacks are counted once each. */
class QrelsTest {
  @Test
  void countsTheJudgmentsThatNameAnUnknownQueryOrDocument() {
    Qrels qrels = new Qrels(Map.of("q1", Map.of("d1", 1, "d2", 1), "q2", Map.of("d1", 1), "q9", Map.of("d3", 1)));
    assertEquals(0, qrels.warnUnknown("t", q -> true, d -> true));
    assertEquals(1, qrels.warnUnknown("t", q -> !q.equals("q9"), d -> true), "q9's one judgment");
    assertEquals(2, qrels.warnUnknown("t", q -> true, d -> !d.equals("d1")), "d2 and d3");
    assertEquals(2, qrels.warnUnknown("t", q -> !q.equals("q9"), d -> !d.equals("d3") && !d.equals("d2")),
        "q9's judgment of d3 counts once, and d2");
    assertEquals(4, qrels.warnUnknown("t", q -> false, d -> false));
    assertEquals(3, qrels.size());
    assertEquals(4, qrels.judgmentCount());
  }
}
