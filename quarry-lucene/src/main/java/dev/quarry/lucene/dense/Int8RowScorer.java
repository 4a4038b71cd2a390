/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import dev.quarry.core.vector.ScalarQuantizer;
import dev.quarry.core.vector.VectorStore;
import org.apache.lucene.util.VectorUtil;

/** Approximate inner products against int8 codes: one SIMD byte dot product per row and query. */
final class Int8RowScorer implements RowScorer {
  private final VectorStore codes;
  private final ScalarQuantizer quantizer;

  Int8RowScorer(VectorStore codes, ScalarQuantizer quantizer) {
    if (codes.type() != VectorStore.ElementType.INT8 || codes.dimension() != quantizer.dimension()) {
      throw new IllegalArgumentException(codes.file() + " does not hold int8 codes of dimension "
          + quantizer.dimension());
    }
    this.codes = codes;
    this.quantizer = quantizer;
  }

  @Override
  public Scan begin(float[][] queries) {
    ScalarQuantizer.QueryCodes[] prepared = new ScalarQuantizer.QueryCodes[queries.length];
    for (int q = 0; q < queries.length; q++) {
      prepared[q] = quantizer.prepare(queries[q]);
    }
    byte[] row = new byte[codes.rowBytes()];
    return (r, scores) -> {
      codes.readBytes(r, row);
      for (int q = 0; q < prepared.length; q++) {
        scores[q] = prepared[q].score(VectorUtil.dotProduct(prepared[q].codes(), row));
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
