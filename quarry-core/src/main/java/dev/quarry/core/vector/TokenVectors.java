/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import java.util.Arrays;

/**
 * The token vectors of one text, as a late-interaction model (ColBERT) gives them: {@code count} rows of
 * {@code dimension} floats, row-major in one array, so that scoring walks memory in order.
 *
 * @param values {@code count * dimension} floats, row-major
 * @param dimension floats per token vector
 */
public record TokenVectors(float[] values, int dimension) {
  public TokenVectors {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive; got " + dimension);
    }
    if (values.length % dimension != 0) {
      throw new IllegalArgumentException(values.length + " values are not whole rows of " + dimension);
    }
  }

  /** The number of token vectors. */
  public int count() {
    return values.length / dimension;
  }

  /** A copy of row {@code i}. */
  public float[] row(int i) {
    return Arrays.copyOfRange(values, i * dimension, (i + 1) * dimension);
  }
}
