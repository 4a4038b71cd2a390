/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.rerank.Rerankers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pointwise scorer per model in each executor JVM (a cross-encoder, or a dense or ColBERT model scoring by its
 * similarity), shared by the executor's tasks and kept for the JVM's life, as {@link ExecutorEncoders} keeps encoders.
 */
final class ExecutorRerankers {
  private static final Map<String, Reranker> RERANKERS = new ConcurrentHashMap<>();

  private ExecutorRerankers() {}

  static Reranker get(String model, int threads) {
    return RERANKERS.computeIfAbsent(model + "\t" + threads, key -> Rerankers.pointwise(model, threads));
  }
}
