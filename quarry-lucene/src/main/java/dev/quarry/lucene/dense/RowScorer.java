/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

/**
 * Scores rows of a flat index against a block of queries, for {@link FlatVectorIndex}. One implementation per
 * encoding of the rows: floats (exact), int8 codes, binary codes. {@link #begin} prepares the queries and returns a
 * scan with its own scratch space, so that one scorer serves many threads.
 */
interface RowScorer extends AutoCloseable {
  /** A scan of the rows for one block of queries. Not thread-safe; make one per thread. */
  interface Scan {
    /** Writes row {@code row}'s score against each query of the block into {@code scores}. */
    void score(long row, float[] scores);
  }

  Scan begin(float[][] queries);

  /** Whether the scores are exact inner products ({@link dev.quarry.core.vector.InnerProduct}: no rescoring). */
  boolean exact();

  long rows();

  int dimension();

  /** Unmaps the rows it reads. */
  @Override
  void close();
}
