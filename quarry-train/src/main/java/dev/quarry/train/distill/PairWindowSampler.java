/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * PairDistill's candidate pairs: over a query's top-k documents in the pointwise teacher's order, the pairs
 * (i, j) with i &lt; j &lt;= i + window (a local window: 85 pairs for k = 20, window 5), of which a fixed number are
 * sampled per query (16 by default) for the pairwise teacher. Pairs are ordered (i, j) with i the higher by
 * pointwise score, as the reference implementation asks the teacher in that one order.
 */
public final class PairWindowSampler {
  /** One pair of positions in the pointwise order, first above second. */
  public record Pair(int first, int second) {}

  private final int topK;
  private final int window;
  private final int samples;

  public PairWindowSampler(int topK, int window, int samples) {
    if (topK < 2 || window < 1 || samples < 1) {
      throw new IllegalArgumentException("need topK >= 2, window >= 1, samples >= 1; got " + topK + ", " + window
          + ", " + samples);
    }
    this.topK = topK;
    this.window = window;
    this.samples = samples;
  }

  /** Every candidate pair for a list of {@code size} documents (the first {@code topK} of them). */
  public List<Pair> candidates(int size) {
    int k = Math.min(topK, size);
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j <= Math.min(k - 1, i + window); j++) {
        pairs.add(new Pair(i, j));
      }
    }
    return pairs;
  }

  /** The sampled pairs for one query, reproducibly for a given seed, in candidate order. */
  public List<Pair> sample(int size, long seed) {
    List<Pair> all = candidates(size);
    if (all.size() <= samples) {
      return all;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<Integer> chosen = new ArrayList<>(order.subList(0, samples));
    Collections.sort(chosen);
    return chosen.stream().map(all::get).toList();
  }

  @Override
  public String toString() {
    return "top " + topK + ", window " + window + ", " + samples + " pairs per query";
  }
}
