/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import dev.quarry.core.rerank.PairwiseReranker;
import dev.quarry.core.rerank.Reranker;
import dev.quarry.rerank.PairwiseAggregation;
import java.util.List;

/**
 * A pairwise reranker as a pointwise scorer for {@code POST /api/rerank}: each passage's score is its sym-sum over
 * every ordered pair of the candidates ({@link PairwiseAggregation}), so n candidates cost n(n-1) judgements and
 * are limited to {@value #MAX_CANDIDATES}. Thread-safe if the reranker is.
 */
public final class PairwiseScorer implements Reranker {
  /** 30 candidates are 870 ordered pairs. */
  public static final int MAX_CANDIDATES = 30;

  private final PairwiseReranker pairwise;

  public PairwiseScorer(PairwiseReranker pairwise) {
    this.pairwise = pairwise;
  }

  @Override
  public String modelId() {
    return "pairwise:" + pairwise.modelId();
  }

  @Override
  public float[] score(String query, List<String> passages) {
    if (passages.size() > MAX_CANDIDATES) {
      throw new IllegalArgumentException("a pairwise reranker judges every ordered pair: at most " + MAX_CANDIDATES
          + " candidates; got " + passages.size());
    }
    int n = passages.size();
    List<String[]> pairs = PairwiseAggregation.orderedPairs(n).stream()
        .map(p -> new String[] {passages.get(p[0]), passages.get(p[1])}).toList();
    double[] sums = PairwiseAggregation.symSum(n, n < 2 ? new float[0] : pairwise.preferences(query, pairs));
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      scores[i] = (float) sums[i];
    }
    return scores;
  }

  @Override
  public void close() {
    pairwise.close();
  }
}
