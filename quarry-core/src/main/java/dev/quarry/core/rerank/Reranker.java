/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.rerank;

import java.util.List;

/** A pointwise reranker: one relevance score per (query, passage), comparable within a query. Thread-safe. */
public interface Reranker extends AutoCloseable {
  /** A stable name of the model, used to key cached scores. */
  String modelId();

  float[] score(String query, List<String> passages);

  @Override
  void close();
}
