/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import java.util.List;

/**
 * A late-interaction encoder (Khattab and Zaharia, "ColBERT: Efficient and Effective Passage Search via
 * Contextualized Late Interaction over BERT", SIGIR 2020): one vector per token, queries and passages encoded
 * separately, relevance scored by {@link MaxSim}. Implementations apply their model's recipe (markers, query
 * augmentation, the punctuation skip list) and are thread-safe.
 */
public interface TokenEncoder extends AutoCloseable {

  /** A stable name of the model, recorded in indexes so that queries are never encoded with another. */
  String modelId();

  int dimension();

  /** The tokens every query is padded or cut to (ColBERT's 32). */
  int queryLength();

  TokenVectors[] encodeQueries(List<String> queries);

  TokenVectors[] encodePassages(List<String> passages);

  /** Queries cut at {@link #queryLength()} so far (reported, never silent). */
  long truncatedQueries();

  /** Passages cut at the model's passage length so far. */
  long truncatedPassages();

  @Override
  void close();
}
