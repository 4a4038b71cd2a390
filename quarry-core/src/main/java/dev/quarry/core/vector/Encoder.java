/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import java.util.List;

/**
 * A dual encoder (Karpukhin et al., "Dense Passage Retrieval for Open-Domain Question Answering", EMNLP 2020):
 * queries and passages are encoded separately, and relevance is the inner product of their vectors. Implementations
 * apply their model's recipe (prefixes, pooling, normalisation) and are thread-safe.
 */
public interface Encoder extends AutoCloseable {

  /** A stable name of the model, recorded in indexes so that queries are never encoded with another. */
  String modelId();

  int dimension();

  /** One vector per query, in order. */
  float[][] encodeQueries(List<String> queries);

  /** One vector per passage, in order. */
  float[][] encodePassages(List<String> passages);

  /** Texts cut at the model's maximum length so far (reported, never silent). */
  default long truncatedCount() {
    return 0;
  }

  @Override
  void close();
}
