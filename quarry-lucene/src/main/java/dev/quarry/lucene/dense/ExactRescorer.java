/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import dev.quarry.core.vector.InnerProduct;
import dev.quarry.core.vector.TopK;
import dev.quarry.core.vector.VectorIndex;
import dev.quarry.core.vector.VectorStore;


/**
 * Re-scores candidate rows with the float vectors' exact inner products ({@link InnerProduct}: the same in every run)
 * and keeps the best k. Thread-safe.
 */
final class ExactRescorer implements AutoCloseable {
  private final VectorStore floats;

  ExactRescorer(VectorStore floats) {
    this.floats = floats;
  }

  VectorIndex.Hits rescore(float[] query, long[] candidates, int k) {
    TopK top = new TopK(k);
    float[] row = new float[floats.dimension()];
    for (long r : candidates) {
      floats.readFloats(r, row);
      top.offer(r, InnerProduct.exact(query, row));
    }
    float[] scores = new float[top.size()];
    long[] rows = top.sortedRows(scores);
    return new VectorIndex.Hits(rows, scores);
  }

  /** Unmaps the float vectors. */
  @Override
  public void close() {
    floats.close();
  }
}
