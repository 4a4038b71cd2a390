/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

/**
 * Finds the rows of a vector collection with the largest inner product with a query vector. Implementations are
 * thread-safe. Rows are positions in the collection; {@code ids.txt} maps them to document ids.
 */
public interface VectorIndex extends AutoCloseable {

  /** The best rows for one query, best first, with their scores (inner products). */
  record Hits(long[] rows, float[] scores) {
    public int size() {
      return rows.length;
    }
  }

  int dimension();

  long size();

  /** The top {@code k} rows by inner product with {@code query}. */
  Hits search(float[] query, int k);

  /** The top {@code k} rows for each query; implementations may share one pass over the data between queries. */
  default Hits[] search(float[][] queries, int k) {
    Hits[] hits = new Hits[queries.length];
    for (int i = 0; i < queries.length; i++) {
      hits[i] = search(queries[i], k);
    }
    return hits;
  }

  @Override
  void close();
}
