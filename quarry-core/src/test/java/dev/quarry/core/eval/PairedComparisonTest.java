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
}
