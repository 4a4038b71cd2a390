/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void keepsTheBestLikeAFullSortOnRandomInput() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(300);
      int k = 1 + random.nextInt(50);
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(20); // many ties
      }
      TopK top = new TopK(k);
      for (int i = 0; i < n; i++) {
        top.offer(i, scores[i]);
      }
      long[] expected = IntStream.range(0, n).boxed()
          .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
          .limit(k).mapToLong(Integer::longValue).toArray();
      float[] got = new float[Math.min(n, k)];
      assertArrayEquals(expected, top.sortedRows(got), "trial " + trial);
      assertEquals(Math.min(n, k), top.size());
      float[] expectedScores = new float[got.length];
      for (int i = 0; i < got.length; i++) {
        expectedScores[i] = scores[(int) expected[i]];
      }
      assertArrayEquals(expectedScores, got);
    }
  }

  @Test
  void thresholdIsTheWorstKeptOnceFull() {
    TopK top = new TopK(2);
    assertEquals(Float.NEGATIVE_INFINITY, top.threshold());
    top.offer(0, 1f);
    top.offer(1, 3f);
    top.offer(2, 2f);
    assertEquals(2f, top.threshold());
    float[] scores = new float[2];
    assertArrayEquals(new long[] {1, 2}, top.sortedRows(scores));
    assertArrayEquals(new float[] {3f, 2f}, scores);
    top.offer(3, 2f);
    assertArrayEquals(new long[] {1, 2}, top.sortedRows(null), "a tie keeps the row seen first");
  }

  @Test
  void amongTiedScoresTheLaterRowsLeaveFirst() {
    TopK top = new TopK(3);
    for (long row = 0; row < 3; row++) {
      top.offer(row, 1f);
    }
    top.offer(3, 2f);
    assertArrayEquals(new long[] {3, 0, 1}, top.sortedRows(null), "row 2, the last of the ties, left");
    top.offer(4, 2f);
    assertArrayEquals(new long[] {3, 4, 0}, top.sortedRows(null), "then row 1");
  }
}
