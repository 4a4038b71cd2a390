/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import dev.quarry.core.vector.TopK;
import dev.quarry.core.vector.VectorIndex;

/**
 * Brute-force search over every row of a memory-mapped store: SIMD scores on floats, int8 or 1-bit codes choose the
 * best {@code k * oversample} candidates, which are re-scored exactly with the floats ({@link ExactRescorer}). A block of queries
 * shares one pass over the rows, so a batch reads the store once. Thread-safe; allocates per call only its heaps and
 * scratch rows.
 */
public final class FlatVectorIndex implements VectorIndex {
  private final RowScorer scorer;
  private final ExactRescorer rescorer;
  private final ExactRescorer given;
  private final int oversample;

  /**
   * @param rescorer exact re-scoring for quantized rows, or null to return the approximate scores
   * @param oversample candidates per wanted hit kept for re-scoring (at least 1)
   */
  FlatVectorIndex(RowScorer scorer, ExactRescorer rescorer, int oversample) {
    if (oversample < 1) {
      throw new IllegalArgumentException("oversample must be at least 1; got " + oversample);
    }
    this.scorer = scorer;
    this.rescorer = scorer.exact() ? null : rescorer;
    this.given = rescorer;
    this.oversample = oversample;
  }

  @Override
  public int dimension() {
    return scorer.dimension();
  }

  @Override
  public long size() {
    return scorer.rows();
  }

  @Override
  public Hits search(float[] query, int k) {
    return search(new float[][] {query}, k)[0];
  }

  @Override
  public Hits[] search(float[][] queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; got " + k);
    }
    for (float[] q : queries) {
      if (q.length != dimension()) {
        throw new IllegalArgumentException("query has " + q.length + " dimensions; the index has " + dimension());
      }
    }
    int candidates = (int) Math.min(size(), rescorer == null ? k : (long) k * oversample);
    TopK[] tops = new TopK[queries.length];
    for (int q = 0; q < queries.length; q++) {
      tops[q] = new TopK(Math.max(1, candidates));
    }
    RowScorer.Scan scan = scorer.begin(queries);
    float[] scores = new float[queries.length];
    long rows = size();
    for (long r = 0; r < rows; r++) {
      scan.score(r, scores);
      for (int q = 0; q < queries.length; q++) {
        if (scores[q] > tops[q].threshold()) {
          tops[q].offer(r, scores[q]);
        }
      }
    }
    Hits[] hits = new Hits[queries.length];
    for (int q = 0; q < queries.length; q++) {
      if (rescorer == null) {
        float[] s = new float[tops[q].size()];
        long[] best = tops[q].sortedRows(s);
        hits[q] = truncate(new Hits(best, s), k);
      } else {
        hits[q] = rescorer.rescore(queries[q], tops[q].sortedRows(null), k);
      }
    }
    return hits;
  }

  static Hits truncate(Hits hits, int k) {
    if (hits.size() <= k) {
      return hits;
    }
    return new Hits(java.util.Arrays.copyOf(hits.rows(), k), java.util.Arrays.copyOf(hits.scores(), k));
  }

  /** Unmaps the rows; no search may run then. */
  @Override
  public void close() {
    scorer.close();
    if (given != null) {
      given.close();
    }
  }

  @Override
  public String toString() {
    return "FlatVectorIndex[" + scorer.getClass().getSimpleName() + ", rows=" + size() + ", dimension=" + dimension()
        + (rescorer == null ? "" : ", oversample=" + oversample) + "]";
  }
}
