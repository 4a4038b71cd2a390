/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import java.util.Arrays;

/**
 * The k best (row, score) pairs seen so far: a bounded min-heap on primitive arrays, so that scanning millions of
 * vectors allocates nothing per candidate. Ties keep the row seen first. Not thread-safe.
 */
public final class TopK {
  private final int k;
  private final long[] rows;
  private final float[] scores;
  private int size;

  public TopK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; got " + k);
    }
    this.k = k;
    this.rows = new long[k];
    this.scores = new float[k];
  }

  /** The score a candidate must beat to enter, or negative infinity while there is room. */
  public float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : scores[0];
  }

  public void offer(long row, float score) {
    if (size < k) {
      rows[size] = row;
      scores[size] = score;
      siftUp(size++);
    } else if (score > scores[0]) {
      rows[0] = row;
      scores[0] = score;
      siftDown(0);
    }
  }

  public int size() {
    return size;
  }

  /** The rows, best first; {@code scoresOut} (if not null) receives their scores. */
  public long[] sortedRows(float[] scoresOut) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Float.compare(scores[b], scores[a]);
      return c != 0 ? c : Long.compare(rows[a], rows[b]);
    });
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = rows[order[i]];
      if (scoresOut != null) {
        scoresOut[i] = scores[order[i]];
      }
    }
    return out;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(i, parent)) {
        break;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int smallest = left + 1 < size && less(left + 1, left) ? left + 1 : left;
      if (!less(smallest, i)) {
        return;
      }
      swap(i, smallest);
      i = smallest;
    }
  }

  /** Heap order: lower score first; among equal scores the later row is "lower", so it leaves first. */
  private boolean less(int a, int b) {
    int c = Float.compare(scores[a], scores[b]);
    return c != 0 ? c < 0 : rows[a] > rows[b];
  }

  private void swap(int a, int b) {
    long r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }
}
