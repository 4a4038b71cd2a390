/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quantizers' score formulas are the inner products they claim to approximate. */
class QuantizerTest {
  @TempDir Path temp;

  private VectorStore store(float[][] rows) {
    Path file = temp.resolve("v" + rows.length + ".f32");
    try (VectorStoreWriter writer = new VectorStoreWriter(file, VectorStore.ElementType.FLOAT32, rows[0].length, "")) {
      for (float[] row : rows) {
        writer.add(row);
      }
      writer.finish();
    }
    return VectorStore.open(file);
  }

  private static float[][] gaussian(Random random, int n, int dim) {
    float[][] rows = new float[n][dim];
    for (float[] row : rows) {
      for (int d = 0; d < dim; d++) {
        row[d] = (float) (random.nextGaussian() * (1 + d % 5)) + d % 3;
      }
    }
    return rows;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void int8ScoresApproximateInnerProducts() {
    Random random = new Random(5);
    float[][] rows = gaussian(random, 2000, 64);
    for (boolean perDimension : new boolean[] {true, false}) {
      ScalarQuantizer quantizer = ScalarQuantizer.fit(store(rows), perDimension);
      float[] query = gaussian(random, 1, 64)[0];
      ScalarQuantizer.QueryCodes prepared = quantizer.prepare(query);
      double sumError = 0;
      double scale = 0;
      for (float[] row : rows) {
        byte[] codes = quantizer.encode(row);
        int intDot = 0;
        double bound = 1e-3;
        for (int d = 0; d < codes.length; d++) {
          intDot += prepared.codes()[d] * codes[d];
          bound += prepared.scale() / 2 * Math.abs(codes[d]);
        }
        double exact = dot(query, row);
        // the formula scores the decoded row, up to the query's own rounding: half a step per code unit
        double formulaError = Math.abs(prepared.score(intDot) - dot(query, quantizer.decode(codes)));
        assertTrue(formulaError <= bound, "formula error " + formulaError + " exceeds its bound " + bound);
        sumError += Math.abs(prepared.score(intDot) - exact);
        scale = Math.max(scale, Math.abs(exact));
      }
      // clipping at the 0.1% tails costs a few outlier rows; on average the error is small
      assertTrue(sumError / rows.length < 0.005 * scale, "mean error " + sumError / rows.length + ", perDimension "
          + perDimension);
    }
  }

  @Test
  void binaryPlanesComputeTheSumOverSetBits() {
    Random random = new Random(9);
    float[][] rows = gaussian(random, 500, 100);
    BinaryQuantizer quantizer = BinaryQuantizer.fit(store(rows));
    assertEquals(16, quantizer.rowBytes());
    float[] query = gaussian(random, 1, 100)[0];
    BinaryQuantizer.QueryPlanes planes = quantizer.prepare(query);
    for (float[] row : rows) {
      byte[] bits = quantizer.encode(row);
      double exactSum = 0;
      int popcount = 0;
      long planeDot = 0;
      for (int d = 0; d < 100; d++) {
        boolean set = (bits[d >>> 3] >>> (d & 7) & 1) != 0;
        assertEquals(row[d] > quantizer.thresholds()[d], set);
        if (set) {
          exactSum += query[d];
          popcount++;
        }
      }
      for (int j = 0; j < 4; j++) {
        for (int b = 0; b < bits.length; b++) {
          planeDot += (long) Integer.bitCount(planes.planes()[j * bits.length + b] & bits[b] & 0xff) << j;
        }
      }
      // each q[i] is rounded to the nearest of 16 levels: error at most half a step per set bit
      assertEquals(exactSum, planes.score(planeDot, popcount), popcount * planes.step() / 2 + 1e-4);
    }
  }

  @Test
  void binaryThresholdsAreTheMeansAndOnlyValuesAboveThemSetABit() {
    BinaryQuantizer quantizer = BinaryQuantizer.fit(store(new float[][] {{1, 2}, {3, 4}, {5, 9}}));
    assertArrayEquals(new float[] {3, 5}, quantizer.thresholds());
    assertEquals(2, quantizer.dimension());
    assertArrayEquals(new byte[] {0b01, 0, 0, 0, 0, 0, 0, 0}, quantizer.encode(new float[] {3.5f, 5}),
        "3.5 > 3 sets bit 0; 5 is not above 5");
    assertArrayEquals(new byte[] {0b10, 0, 0, 0, 0, 0, 0, 0}, quantizer.encode(new float[] {3, 6}));
    Path empty = temp.resolve("empty.f32");
    try (VectorStoreWriter writer = new VectorStoreWriter(empty, VectorStore.ElementType.FLOAT32, 2, "")) {
      writer.finish();
    }
    IllegalArgumentException e;
    try (VectorStore store = VectorStore.open(empty)) {
      e = assertThrows(IllegalArgumentException.class, () -> BinaryQuantizer.fit(store));
    }
    assertTrue(e.getMessage().startsWith("cannot fit a quantizer on an empty store"), e.getMessage());
  }

  @Test
  void int8RangeIsThePercentilesSoOutliersDoNotStretchIt() {
    // 1,999 values evenly over [-1, 1] and one outlier at each end (x 10 in the second dimension)
    float[][] rows = new float[2001][];
    for (int i = 0; i < 1999; i++) {
      float x = -1 + 2f * i / 1998;
      rows[i] = new float[] {x, 10 * x};
    }
    rows[1999] = new float[] {100, 1000};
    rows[2000] = new float[] {-100, -1000};
    VectorStore floats = store(rows);
    ScalarQuantizer perDimension = ScalarQuantizer.fit(floats, true);
    float[] top = perDimension.decode(new byte[] {127, 127});
    float[] bottom = perDimension.decode(new byte[] {-127, -127});
    assertTrue(top[0] > .99f && top[0] <= 1f, "dimension 0 ends near 1: " + top[0]);
    assertTrue(bottom[0] < -.99f && bottom[0] >= -1f, "dimension 0 starts near -1: " + bottom[0]);
    assertTrue(top[1] > 9.9f && top[1] <= 10f, "dimension 1 ends near 10: " + top[1]);
    assertArrayEquals(new byte[] {127, -127}, perDimension.encode(new float[] {100, -1000}), "outliers clip");
    float step = (top[0] - bottom[0]) / 254;
    for (float x = -1; x <= 1; x += .01f) {
      float back = perDimension.decode(perDimension.encode(new float[] {x, 10 * x}))[0];
      assertEquals(x, back, step / 2 + 1e-6f, "round trip of " + x);
    }
    ScalarQuantizer global = ScalarQuantizer.fit(floats, false);
    float[] globalTop = global.decode(new byte[] {127, 127});
    assertEquals(globalTop[0], globalTop[1], "one range for every dimension");
    assertTrue(globalTop[0] > 9.9f && globalTop[0] <= 10f, "the pooled range ends near 10: " + globalTop[0]);
  }
}
