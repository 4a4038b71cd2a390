/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import dev.quarry.core.vector.BinaryQuantizer;
import dev.quarry.core.vector.VectorStore;
import org.apache.lucene.util.VectorUtil;

/**
 * Approximate scores against 1-bit codes: the 4-bit query's planes AND-popcounted with the row
 * ({@link VectorUtil#int4BitDotProduct}), plus the row's popcount.
 */
final class BinaryRowScorer implements RowScorer {
  private final VectorStore codes;
  private final BinaryQuantizer quantizer;

  BinaryRowScorer(VectorStore codes, BinaryQuantizer quantizer) {
    if (codes.type() != VectorStore.ElementType.BIT || codes.dimension() != quantizer.dimension()) {
      throw new IllegalArgumentException(codes.file() + " does not hold binary codes of dimension "
          + quantizer.dimension());
    }
    this.codes = codes;
    this.quantizer = quantizer;
  }

  @Override
  public Scan begin(float[][] queries) {
    BinaryQuantizer.QueryPlanes[] prepared = new BinaryQuantizer.QueryPlanes[queries.length];
    for (int q = 0; q < queries.length; q++) {
      prepared[q] = quantizer.prepare(queries[q]);
    }
    byte[] row = new byte[codes.rowBytes()];
    byte[] zeros = new byte[codes.rowBytes()];
    return (r, scores) -> {
      codes.readBytes(r, row);
      int popcount = VectorUtil.xorBitCount(row, zeros);
      for (int q = 0; q < prepared.length; q++) {
        scores[q] = prepared[q].score(VectorUtil.int4BitDotProduct(prepared[q].planes(), row), popcount);
      }
    };
  }

  @Override
  public boolean exact() {
    return false;
  }

  @Override
  public long rows() {
    return codes.count();
  }

  @Override
  public int dimension() {
    return codes.dimension();
  }

  @Override
  public void close() {
    codes.close();
  }
}
