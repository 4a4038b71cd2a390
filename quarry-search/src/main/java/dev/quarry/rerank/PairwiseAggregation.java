/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.data.ScoredDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders passages by a pairwise reranker's judgement of every ordered pair, by sym-sum aggregation (Pradeep et al.,
 * "The Expando-Mono-Duo Design Pattern for Text Ranking with Pretrained Sequence-to-Sequence Models", 2021): for each
 * ordered pair (i, j), d_i gets P(d_i &gt; d_j) and d_j gets 1 - P(d_i &gt; d_j); passages are ordered by their sums.
 * Asking for both orders of a pair cancels a reranker's bias towards the first (or second) position.
 */
public final class PairwiseAggregation {
  private PairwiseAggregation() {}

  /** Every ordered pair {i, j} of {@code 0..n-1} with i != j, row by row: the order {@link #symSum} reads. */
  public static List<int[]> orderedPairs(int n) {
    List<int[]> pairs = new ArrayList<>(n * Math.max(0, n - 1));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          pairs.add(new int[] {i, j});
        }
      }
    }
    return pairs;
  }

  /** The sym-sum of each of {@code n} passages, from P(i &gt; j) for each pair of {@link #orderedPairs}(n). */
  public static double[] symSum(int n, float[] probabilities) {
    if (probabilities.length != n * Math.max(0, n - 1)) {
      throw new IllegalArgumentException(n + " passages have " + n * Math.max(0, n - 1) + " ordered pairs; got "
          + probabilities.length + " probabilities");
    }
    double[] sums = new double[n];
    int k = 0;
    for (int[] pair : orderedPairs(n)) {
      sums[pair[0]] += probabilities[k];
      sums[pair[1]] += 1 - probabilities[k];
      k++;
    }
    return sums;
  }

  /**
   * {@code ranked} with its first {@code n} reordered by their sym-sums (from {@code probabilities} of
   * {@link #orderedPairs}(n) over them) and placed above the rest, which keep their order and scores.
   */
  public static List<ScoredDocument> reorder(List<ScoredDocument> ranked, int n, float[] probabilities) {
    if (n > ranked.size()) {
      throw new IllegalArgumentException("cannot reorder the top " + n + " of " + ranked.size() + " passages");
    }
    double[] sums = symSum(n, probabilities);
    double offset = ranked.size() > n ? ranked.get(n).score() : 0;
    List<ScoredDocument> out = new ArrayList<>(ranked.size());
    for (int i = 0; i < n; i++) {
      out.add(new ScoredDocument(ranked.get(i).docId(), offset + 1 + sums[i]));
    }
    out.addAll(ranked.subList(n, ranked.size()));
    out.sort(ScoredDocument.TREC_EVAL_ORDER);
    return out;
  }
}
