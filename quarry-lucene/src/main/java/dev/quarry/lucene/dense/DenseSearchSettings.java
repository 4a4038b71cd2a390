/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

/**
 * Search-time settings of a dense index.
 *
 * @param efSearch HNSW: candidates explored per query (at least k are always asked for)
 * @param oversample flat indexes: candidates per wanted hit re-scored exactly with the float vectors, or 0 for the
 *     default ({@value #FLOAT_OVERSAMPLE} for floats, whose SIMD scores differ from the exact ones only in the last
 *     bits; {@value #INT8_OVERSAMPLE} for int8; {@value #BINARY_OVERSAMPLE} for binary: one bit a dimension ranks
 *     more coarsely)
 */
public record DenseSearchSettings(int efSearch, int oversample) {
  public static final int FLOAT_OVERSAMPLE = 2;
  public static final int INT8_OVERSAMPLE = 4;
  public static final int BINARY_OVERSAMPLE = 10;
  public static final DenseSearchSettings DEFAULTS = new DenseSearchSettings(100, 0);

  public DenseSearchSettings {
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be positive; got " + efSearch);
    }
    if (oversample < 0) {
      throw new IllegalArgumentException("oversample must be at least 1 (or 0 for the default); got " + oversample);
    }
  }

  int oversample(DenseIndexSettings.Quantization quantization) {
    if (oversample > 0) {
      return oversample;
    }
    return switch (quantization) {
      case NONE -> FLOAT_OVERSAMPLE;
      case INT8 -> INT8_OVERSAMPLE;
      case BINARY -> BINARY_OVERSAMPLE;
    };
  }
}
