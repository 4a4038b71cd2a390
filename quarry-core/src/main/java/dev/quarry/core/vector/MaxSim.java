/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

/**
 * ColBERT's late interaction (Khattab and Zaharia, SIGIR 2020): for every query token, the largest inner product
 * with any passage token, summed over the query tokens. The score every reported late-interaction score is: each
 * inner product summed in index order in doubles ({@link InnerProduct}), the maxima summed in order, so the same
 * vectors give the same score in every run; SIMD products may only choose candidates.
 */
public final class MaxSim {
  private MaxSim() {}

  public static float exact(TokenVectors query, TokenVectors passage) {
    return exact(query, passage.values(), 0, passage.count());
  }

  /**
   * MaxSim of {@code query} with the {@code count} token vectors of {@code passage} starting at row {@code from}.
   */
  public static float exact(TokenVectors query, float[] passage, int from, int count) {
    int d = query.dimension();
    if (count < 1) {
      throw new IllegalArgumentException("a passage needs at least one token vector; got " + count);
    }
    float[] q = query.values();
    double total = 0;
    for (int i = 0; i < query.count(); i++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int t = from; t < from + count; t++) {
        double sum = 0;
        int qi = i * d;
        int pt = t * d;
        for (int k = 0; k < d; k++) {
          sum += (double) q[qi + k] * passage[pt + k];
        }
        best = Math.max(best, (float) sum);
      }
      total += best;
    }
    return (float) total;
  }
}
