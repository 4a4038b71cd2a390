/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PairDistill's candidate pairs and training groups. */
class PairDistillDataTest {
  @Test
  void theWindowGives85PairsForTop20AndSamplesReproducibly() {
    PairWindowSampler sampler = new PairWindowSampler(20, 5, 16);
    List<PairWindowSampler.Pair> all = sampler.candidates(100);
    assertEquals(85, all.size());
    for (PairWindowSampler.Pair p : all) {
      assertTrue(p.first() < p.second() && p.second() <= p.first() + 5 && p.second() < 20, p.toString());
    }
    List<PairWindowSampler.Pair> sampled = sampler.sample(100, 7);
    assertEquals(16, sampled.size());
    assertEquals(16, new HashSet<>(sampled).size(), "no pair twice");
    assertTrue(all.containsAll(sampled));
    assertEquals(sampled, sampler.sample(100, 7));
    assertNotEquals(sampled, sampler.sample(100, 8));
    assertEquals(3, sampler.candidates(3).size(), "a short list: (0,1), (0,2), (1,2)");
    assertThrows(IllegalArgumentException.class, () -> new PairWindowSampler(1, 5, 16));
  }

  @Test
  void groupsHoldThePairsFilledFromTheRankingInRankOrder() {
    GroupBuilder builder = new GroupBuilder(6);
    List<PairWindowSampler.Pair> pairs = List.of(new PairWindowSampler.Pair(3, 7), new PairWindowSampler.Pair(10, 12));
    List<Integer> group = builder.build(100, pairs);
    assertEquals(List.of(0, 1, 3, 7, 10, 12), group, "pair documents first, filled from the top, sorted");
    assertEquals(List.of(0, 1, 2), new GroupBuilder(6).build(3, List.of()), "short lists give short groups");
  }
}
