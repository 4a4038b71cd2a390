/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InnerProductTest {
  @Test
  void sumsInDoublesInIndexOrder() {
    assertEquals(1 * 4 + 2 * -5 + 3 * 6, InnerProduct.exact(new float[] {1, 2, 3}, new float[] {4, -5, 6}));
    // in floats 1e8 + 1 - 1e8 is 0; in doubles it is 1
    assertEquals(1f, InnerProduct.exact(new float[] {1e8f, 1, -1e8f}, new float[] {1, 1, 1}));
  }

  @Test
  void refusesVectorsOfOtherDimensions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InnerProduct.exact(new float[2], new float[3]));
    assertEquals("vectors of 2 and 3 dimensions", e.getMessage());
  }
}
