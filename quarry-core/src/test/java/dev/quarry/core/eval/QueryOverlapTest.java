/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryOverlapTest {
  @Test
  void countsTheQueriesOfEachSide() {
    assertEquals(new QueryOverlap(2, 1, 3), QueryOverlap.of(Set.of("a", "b", "c"), Set.of("b", "c", "d", "e", "f")));
    assertEquals(Optional.empty(), QueryOverlap.of(Set.of("a"), Set.of("a")).warning("run", "qrels"));
    assertEquals(Optional.of("2 queries are in both run and qrels; 1 of run are not in qrels, 3 of qrels are not in"
        + " run"), new QueryOverlap(2, 1, 3).warning("run", "qrels"));
    assertTrue(new QueryOverlap(2, 0, 1).warning("run", "qrels").isPresent());
    assertTrue(new QueryOverlap(2, 1, 0).warning("run", "qrels").isPresent());
  }

  @Test
  void sidesWithNothingInCommonAreAnError() {
    QueryOverlap some = new QueryOverlap(1, 0, 0);
    assertEquals(some, some.requireCommon("run", "qrels"));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> new QueryOverlap(0, 0, 4).requireCommon("queries.jsonl", "qrels"));
    assertEquals("queries.jsonl holds no queries", empty.getMessage());
    IllegalArgumentException disjoint = assertThrows(IllegalArgumentException.class,
        () -> new QueryOverlap(0, 3, 4).requireCommon("run", "qrels"));
    assertEquals("none of the 3 queries of run is among the 4 of qrels: they are not about the same queries",
        disjoint.getMessage());
  }
}
