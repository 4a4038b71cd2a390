/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

/**
 * The inner product every reported dense score is: summed in index order in double precision, then rounded to float,
 * so the same vectors give the same score in every run. SIMD dot products (Lucene's {@code VectorUtil}, on the JDK's
 * Vector API) leave the order of the final lane reduction to the implementation: the interpreted and the
 * JIT-compiled code add the lanes in different orders, and the same query and row scored before and after
 * compilation differ in the last bits, which flips near-ties between runs (seen: ANCE's mined negatives differed
 * between a run and its resumption). SIMD products may choose candidates; this one scores them.
 */
public final class InnerProduct {
  private InnerProduct() {}

  public static float exact(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return (float) sum;
  }
}
