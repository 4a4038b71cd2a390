/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import dev.quarry.core.vector.VectorStore;
import org.apache.lucene.util.VectorUtil;

/**
 * Inner products against float rows with Lucene's SIMD {@link VectorUtil#dotProduct(float[], float[])}: fast, and equal
 * to the exact product but for the last bits, which vary with the JIT's state ({@link
 * dev.quarry.core.vector.InnerProduct}); so it chooses candidates, and the exact product scores them.
 */
final class FloatRowScorer implements RowScorer {
  private final VectorStore floats;

  FloatRowScorer(VectorStore floats) {
    if (floats.type() != VectorStore.ElementType.FLOAT32) {
      throw new IllegalArgumentException(floats.file() + " does not hold floats");
    }
    this.floats = floats;
  }

  @Override
  public Scan begin(float[][] queries) {
    float[] row = new float[floats.dimension()];
    return (r, scores) -> {
      floats.readFloats(r, row);
      for (int q = 0; q < queries.length; q++) {
        scores[q] = VectorUtil.dotProduct(queries[q], row);
      }
    };
  }

  @Override
  public boolean exact() {
    return false;
  }

  @Override
  public long rows() {
    return floats.count();
  }

  @Override
  public int dimension() {
    return floats.dimension();
  }

  @Override
  public void close() {
    floats.close();
  }
}
