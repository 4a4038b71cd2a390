/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {
  private static Run run(String... docsBestFirst) {
    Run run = new Run();
    List<ScoredDocument> docs = new java.util.ArrayList<>();
    for (int i = 0; i < docsBestFirst.length; i++) {
      docs.add(new ScoredDocument(docsBestFirst[i], 100 - i * 10));
    }
    run.put("q", docs);
    return run;
  }

  @Test
  void reciprocalRankFusionSumsOneOverKPlusRank() {
    Run fused = Fusion.reciprocalRank(List.of(run("a", "b", "c"), run("c", "a")), 60, 10);
    List<ScoredDocument> docs = fused.results("q");
    assertEquals(List.of("a", "c", "b"), docs.stream().map(ScoredDocument::docId).toList());
    assertEquals(1.0 / 61 + 1.0 / 62, docs.get(0).score(), 1e-12);
    assertEquals(1.0 / 63 + 1.0 / 61, docs.get(1).score(), 1e-12);
    assertEquals(1.0 / 62, docs.get(2).score(), 1e-12);
    assertEquals(2, Fusion.reciprocalRank(List.of(run("a", "b", "c"), run("c", "a")), 60, 2).results("q").size());
  }

  @Test
  void interpolationNormalisesEachRunPerQuery() {
    Run a = run("a", "b", "c"); // scores 100, 90, 80 -> 1, 0.5, 0
    Run b = new Run();
    b.put("q", List.of(new ScoredDocument("c", 0.9), new ScoredDocument("d", 0.1))); // -> 1, 0
    List<ScoredDocument> docs = Fusion.interpolate(List.of(a, b), List.of(0.3, 0.7), 10).results("q");
    assertEquals("c", docs.get(0).docId());
    assertEquals(0.7, docs.get(0).score(), 1e-12);
    assertEquals("a", docs.get(1).docId());
    assertEquals(0.3, docs.get(1).score(), 1e-12);
    assertEquals(0.15, docs.get(2).score(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Fusion.interpolate(List.of(a, b), List.of(1.0), 10));
    assertThrows(IllegalArgumentException.class, () -> Fusion.reciprocalRank(List.of(a), 60, 10));
  }
}
