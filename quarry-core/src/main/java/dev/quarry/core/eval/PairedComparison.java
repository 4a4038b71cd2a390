/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Paired significance tests between two systems' per-query values of one metric, so that "B beats A" can be said
 * honestly: the two-sided paired t-test and the paired randomization (permutation) test that Smucker, Allan and
 * Carterette recommend for IR ("A Comparison of Statistical Significance Tests for Information Retrieval
 * Evaluation", CIKM 2007). Only queries evaluated for both systems are paired.
 *
 * @param queries the number of paired queries
 * @param meanA the baseline's mean over the paired queries
 * @param meanB the other system's mean over the paired queries
 * @param t the t statistic of the mean difference (B - A)
 * @param tTestP the two-sided p-value of the paired t-test
 * @param randomizationP the two-sided p-value of the randomization test
 * @param trials the number of random sign assignments drawn
 */
public record PairedComparison(int queries, double meanA, double meanB, double t, double tTestP,
    double randomizationP, int trials) {

  /** Trials of the randomization test by default: enough for p-values near 0.05 to be stable to about 0.005. */
  public static final int DEFAULT_TRIALS = 10_000;
  /** The fixed seed that makes the randomization test repeat exactly. */
  public static final long DEFAULT_SEED = 42;

  public static PairedComparison compare(Map<String, Double> a, Map<String, Double> b) {
    return compare(a, b, DEFAULT_TRIALS, DEFAULT_SEED);
  }

  /**
   * @param a the baseline's per-query values
   * @param b the other system's per-query values
   * @param trials random sign flips to draw for the randomization test
   * @param seed the random seed
   */
  public static PairedComparison compare(Map<String, Double> a, Map<String, Double> b, int trials, long seed) {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be positive; got " + trials);
    }
    List<double[]> pairs = new ArrayList<>();
    for (Map.Entry<String, Double> e : a.entrySet()) {
      Double other = b.get(e.getKey());
      if (other != null) {
        pairs.add(new double[] {e.getValue(), other});
      }
    }
    int n = pairs.size();
    if (n < 2) {
      throw new IllegalArgumentException("a paired test needs at least 2 queries evaluated for both runs; got " + n);
    }
    double sumA = 0;
    double sumB = 0;
    double[] diff = new double[n];
    for (int i = 0; i < n; i++) {
      sumA += pairs.get(i)[0];
      sumB += pairs.get(i)[1];
      diff[i] = pairs.get(i)[1] - pairs.get(i)[0];
    }
    double meanDiff = (sumB - sumA) / n;
    double ss = 0;
    for (double d : diff) {
      ss += (d - meanDiff) * (d - meanDiff);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t;
    double tP;
    if (sd == 0) {
      t = meanDiff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, meanDiff);
      tP = meanDiff == 0 ? 1 : 0;
    } else {
      t = meanDiff / (sd / Math.sqrt(n));
      tP = StudentT.twoSidedP(t, n - 1);
    }
    return new PairedComparison(n, sumA / n, sumB / n, t, tP, randomizationP(diff, trials, seed), trials);
  }

  /**
   * Flips the sign of each query's difference at random (the null hypothesis says either system could have
   * produced either value) and counts how often the mean difference is at least as far from 0 as observed.
   * Returns (count + 1) / (trials + 1), which never claims p = 0 from a finite sample.
   */
  private static double randomizationP(double[] diff, int trials, long seed) {
    double observed = 0;
    for (double d : diff) {
      observed += d;
    }
    observed = Math.abs(observed);
    double tolerance = 1e-12 * Math.max(1, observed);
    SplittableRandom random = new SplittableRandom(seed);
    int extreme = 0;
    for (int trial = 0; trial < trials; trial++) {
      double sum = 0;
      for (double d : diff) {
        sum += random.nextBoolean() ? d : -d;
      }
      if (Math.abs(sum) >= observed - tolerance) {
        extreme++;
      }
    }
    return (extreme + 1.0) / (trials + 1.0);
  }

  public double delta() {
    return meanB - meanA;
  }
}
