/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.rerank;

import java.util.List;

/**
 * A pairwise reranker: for a query and two passages, the probability that the first is more relevant than the
 * second (as duoT5 does: Pradeep et al., "The Expando-Mono-Duo Design Pattern for Text Ranking with Pretrained
 * Sequence-to-Sequence Models", 2021). Thread-safe.
 */
public interface PairwiseReranker extends AutoCloseable {
  String modelId();

  /** P(first &gt; second) for each pair, {@code pairs[k] = {first, second}}. */
  float[] preferences(String query, List<String[]> pairs);

  @Override
  void close();
}
