/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.core.data.ScoredDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairwiseAggregationTest {
  @Test
  void symSumAddsEachPreferenceToTheFirstAndItsComplementToTheSecond() {
    // three passages, pairs in the order (0,1) (0,2) (1,0) (1,2) (2,0) (2,1)
    assertEquals(List.of("0,1", "0,2", "1,0", "1,2", "2,0", "2,1"), PairwiseAggregation.orderedPairs(3).stream()
        .map(p -> p[0] + "," + p[1]).toList());
    float[] p = {0.9f, 0.6f, 0.2f, 0.3f, 0.5f, 0.8f};
    // passage 0: p01 + p02 + (1 - p10) + (1 - p20) = 0.9 + 0.6 + 0.8 + 0.5 = 2.8
    // passage 1: (1 - p01) + p10 + p12 + (1 - p21) = 0.1 + 0.2 + 0.3 + 0.2 = 0.8
    // passage 2: (1 - p02) + (1 - p12) + p20 + p21 = 0.4 + 0.7 + 0.5 + 0.8 = 2.4
    assertArrayEquals(new double[] {2.8, 0.8, 2.4}, PairwiseAggregation.symSum(3, p), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> PairwiseAggregation.symSum(3, new float[5]));
  }

  @Test
  void reorderingPutsTheTopNBySymSumAboveTheRestWhichKeepTheirOrder() {
    List<ScoredDocument> ranked = List.of(new ScoredDocument("a", 9), new ScoredDocument("b", 8),
        new ScoredDocument("c", 7), new ScoredDocument("d", 6.5), new ScoredDocument("e", 1));
    float[] p = {0.9f, 0.6f, 0.2f, 0.3f, 0.5f, 0.8f};
    List<ScoredDocument> reordered = PairwiseAggregation.reorder(ranked, 3, p);
    assertEquals(List.of("a", "c", "b", "d", "e"), reordered.stream().map(ScoredDocument::docId).toList());
    assertEquals(6.5 + 1 + 2.8, reordered.get(0).score(), 1e-6);
    assertEquals(6.5, reordered.get(3).score(), "below the pairwise depth, scores are kept");
  }
}
