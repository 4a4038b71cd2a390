/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.rerank.PairwiseReranker;
import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.rerank.Rerankers;
import dev.quarry.search.Retrievers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the tasks of one executor JVM share and keep for the JVM's life: one encoder per model, one teacher per model,
 * one open index per folder. Spark reuses an executor for many tasks, and loading a model or opening an index costs
 * far more than a partition's work. Models are embedded names (inside Quarry's jar, on every executor) or folders,
 * and indexes folders, that every executor can read.
 */
final class ExecutorResources {
  private static final Map<String, Object> SHARED = new HashMap<>();

  private ExecutorResources() {}

  /**
   * @param threads batches encoded at once: the executor's task slots, each batch on one ONNX Runtime thread
   */
  static OnnxEncoder encoder(String model, int threads) {
    return shared("encoder\t" + model + "\t" + threads,
        () -> new OnnxEncoder(ModelRegistry.resolve(model), OnnxEncoder.DEFAULT_BATCH, threads, 1, 0));
  }

  /** A pointwise teacher: a cross-encoder, or a dense or ColBERT model scoring by its similarity. */
  static Reranker reranker(String model, int threads) {
    return shared("reranker\t" + model + "\t" + threads, () -> Rerankers.pointwise(model, threads));
  }

  /** A pairwise teacher: a pairwise reranker folder (batches of 8 pairs, as {@code rerank --pairwise} runs it). */
  static PairwiseReranker pairwise(String model, int threads) {
    return shared("pairwise\t" + model + "\t" + threads, () -> new OnnxPairwiseReranker(Path.of(model), 8, threads));
  }

  /** A BM25 or dense index by its manifest; a dense one encodes queries with the executor's encoder of its model. */
  static Retriever retriever(String index, int threads) {
    return shared("index\t" + index + "\t" + threads, () -> Retrievers.open(Path.of(index), Bm25Settings.ANSERINI,
        DenseSearchSettings.DEFAULTS, model -> encoder(model, threads)));
  }

  /** Opened once, under one lock: an index opens its model's encoder while it opens (so not computeIfAbsent). */
  @SuppressWarnings("unchecked")
  private static synchronized <T> T shared(String key, Supplier<T> open) {
    Object found = SHARED.get(key);
    if (found == null) {
      found = open.get();
      SHARED.put(key, found);
    }
    return (T) found;
  }
}
