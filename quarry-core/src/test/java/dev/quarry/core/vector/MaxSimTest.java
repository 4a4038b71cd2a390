/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** MaxSim on cases worked by hand: each query token's best passage token, summed; a slice of rows; negative bests. */
class MaxSimTest {
  private static final TokenVectors QUERY = new TokenVectors(new float[] {1, 0, 0, 1}, 2);
  /** Rows (.5, .5), (.9, -.1), (-.2, .8), (.25, .25). */
  private static final float[] PASSAGE = {.5f, .5f, .9f, -.1f, -.2f, .8f, .25f, .25f};

  @Test
  void sumsEachQueryTokensBestInnerProduct() {
    // token (1, 0): best .9 (row 1); token (0, 1): best .8 (row 2)
    assertEquals(1.7f, MaxSim.exact(QUERY, new TokenVectors(PASSAGE, 2)), 1e-6f);
  }

  @Test
  void scoresOnlyTheRowsOfItsSlice() {
    assertEquals(.9f + .5f, MaxSim.exact(QUERY, PASSAGE, 0, 2), 1e-6f, "rows 0-1");
    assertEquals(.9f + .8f, MaxSim.exact(QUERY, PASSAGE, 1, 2), 1e-6f, "rows 1-2");
    assertEquals(.25f + .8f, MaxSim.exact(QUERY, PASSAGE, 2, 2), 1e-6f, "rows 2-3");
    assertEquals(.25f + .25f, MaxSim.exact(QUERY, PASSAGE, 3, 1), 1e-6f, "row 3 alone");
  }

  @Test
  void aBestBelowZeroCountsAsIs() {
    TokenVectors away = new TokenVectors(new float[] {-.3f, -.4f, -.6f, -.1f}, 2);
    // token (1, 0): max(-.3, -.6); token (0, 1): max(-.4, -.1)
    assertEquals(-.3f - .1f, MaxSim.exact(QUERY, away), 1e-6f);
  }

  @Test
  void sumsInDoublesInIndexOrder() {
    // 1e8 + 1 - 1e8 in floats is 0; summed in doubles it is 1, whatever the order of the tokens' maxima
    TokenVectors query = new TokenVectors(new float[] {1e8f, 1, -1e8f}, 3);
    assertEquals(1f, MaxSim.exact(query, new TokenVectors(new float[] {1, 1, 1}, 3)));
  }

  @Test
  void refusesAPassageWithoutTokens() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaxSim.exact(QUERY, PASSAGE, 0, 0));
    assertEquals("a passage needs at least one token vector; got 0", e.getMessage());
  }

  @Test
  void tokenVectorsAreWholeRows() {
    TokenVectors v = new TokenVectors(PASSAGE, 2);
    assertEquals(4, v.count());
    assertArrayEquals(new float[] {-.2f, .8f}, v.row(2));
    assertArrayEquals(new float[] {.25f, .25f}, v.row(3));
    assertEquals(1, new TokenVectors(new float[] {3}, 1).count());
    assertEquals("dimension must be positive; got 0",
        assertThrows(IllegalArgumentException.class, () -> new TokenVectors(new float[0], 0)).getMessage());
    assertEquals("3 values are not whole rows of 2",
        assertThrows(IllegalArgumentException.class, () -> new TokenVectors(new float[3], 2)).getMessage());
  }
}
