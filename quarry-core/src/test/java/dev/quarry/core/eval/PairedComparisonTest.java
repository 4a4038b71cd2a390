/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

  @Test
  void studentTMatchesCommonsMath() {
    for (double df : new double[] {1, 2, 5, 29, 299, 1000}) {
      for (double t : new double[] {0, 0.1, 0.5, 1, 1.96, 2.5, 4, 10}) {
        double expected = 2 * (1 - new TDistribution(df).cumulativeProbability(Math.abs(t)));
        assertEquals(expected, StudentT.twoSidedP(t, df), 1e-9, "t=" + t + " df=" + df);
        assertEquals(expected, StudentT.twoSidedP(-t, df), 1e-9);
      }
    }
  }

  @Test
  void pairedTTestMatchesCommonsMath() {
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int n = 5 + random.nextInt(300);
      Map<String, Double> a = new LinkedHashMap<>();
      Map<String, Double> b = new LinkedHashMap<>();
      double[] xa = new double[n];
      double[] xb = new double[n];
      for (int i = 0; i < n; i++) {
        xa[i] = random.nextDouble();
        xb[i] = Math.min(1, Math.max(0, xa[i] + random.nextGaussian() * 0.2 + 0.02));
        a.put("q" + i, xa[i]);
        b.put("q" + i, xb[i]);
      }
      PairedComparison c = PairedComparison.compare(a, b);
      assertEquals(new TTest().pairedTTest(xb, xa), c.tTestP(), 1e-9);
      assertEquals(new TTest().pairedT(xb, xa), c.t(), 1e-9);
      assertEquals(n, c.queries());
    }
  }

  @Test
  void randomizationTestSeparatesRealFromNoDifference() {
    Map<String, Double> a = new LinkedHashMap<>();
    Map<String, Double> better = new LinkedHashMap<>();
    Map<String, Double> noise = new LinkedHashMap<>();
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      double base = random.nextDouble() * 0.8;
      a.put("q" + i, base);
      better.put("q" + i, base + 0.1 + random.nextGaussian() * 0.05);
      noise.put("q" + i, base + random.nextGaussian() * 0.05);
    }
    PairedComparison real = PairedComparison.compare(a, better);
    assertTrue(real.randomizationP() < 0.001, "p=" + real.randomizationP());
    assertTrue(real.delta() > 0.09);
    PairedComparison none = PairedComparison.compare(a, noise);
    assertTrue(none.randomizationP() > 0.05, "p=" + none.randomizationP());
    assertEquals(none, PairedComparison.compare(a, noise), "a fixed seed repeats exactly");
    PairedComparison same = PairedComparison.compare(a, a);
    assertEquals(1.0, same.tTestP());
    assertEquals(1.0, same.randomizationP());
  }

  @Test
  void pairsOnlyQueriesEvaluatedForBoth() {
    PairedComparison c = PairedComparison.compare(Map.of("1", 0.1, "2", 0.2, "3", 0.3), Map.of("2", 0.5, "3", 0.9));
    assertEquals(2, c.queries());
    assertEquals(0.25, c.meanA(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(Map.of("1", 0.1), Map.of("1", 0.2)));
  }

  @Test
  void randomizationPIsTheExactPermutationPWithinSamplingError() {
    double[] diff = {.3, -.1, .2, .25, -.05, .15, .1, -.2, .3, .05};
    Map<String, Double> a = new LinkedHashMap<>();
    Map<String, Double> b = new LinkedHashMap<>();
    double observed = 0;
    for (int i = 0; i < diff.length; i++) {
      a.put("q" + i, .5);
      b.put("q" + i, .5 + diff[i]);
      observed += diff[i];
    }
    // every one of the 2^10 sign assignments, the test's exact distribution
    int extreme = 0;
    for (int signs = 0; signs < 1 << diff.length; signs++) {
      double sum = 0;
      for (int i = 0; i < diff.length; i++) {
        sum += (signs >> i & 1) == 1 ? -diff[i] : diff[i];
      }
      extreme += Math.abs(sum) >= Math.abs(observed) - 1e-9 ? 1 : 0;
    }
    double exact = extreme / 1024.0;
    PairedComparison c = PairedComparison.compare(a, b, 100_000, 3);
    // the sampled p's standard error is sqrt(p (1 - p) / trials) < .0016
    assertEquals(exact, c.randomizationP(), .006, "exact " + exact);
    assertEquals(observed / diff.length, c.delta(), 1e-12);
    assertEquals(.5, c.meanA(), 1e-12);
    assertEquals(.5 + observed / diff.length, c.meanB(), 1e-12);
  }

  @Test
  void equalNonZeroDifferencesAreCertainAndTrialsMustBePositive() {
    // differences of exactly .25 (binary fractions), so their deviation is exactly 0
    PairedComparison c = PairedComparison.compare(Map.of("1", .25, "2", .5, "3", .125), Map.of("1", .5, "2", .75,
        "3", .375), 1, 5);
    assertEquals(Double.POSITIVE_INFINITY, c.t());
    assertEquals(0.0, c.tTestP());
    PairedComparison worse = PairedComparison.compare(Map.of("1", .5, "2", .75), Map.of("1", .25, "2", .5));
    assertEquals(-.25, worse.delta());
    assertEquals(Double.NEGATIVE_INFINITY, worse.t());
    assertEquals("trials must be positive; got 0", assertThrows(IllegalArgumentException.class,
        () -> PairedComparison.compare(Map.of("1", .1, "2", .2), Map.of("1", .1, "2", .2), 0, 5)).getMessage());
  }
}
