/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.search.Retrievers;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open index per folder in each executor JVM (a BM25 or dense index, by its manifest; a dense index encodes
 * queries with the executor's one encoder of its model), shared by the executor's tasks and kept for the JVM's life.
 * The folder must be one every executor can read.
 */
final class ExecutorRetrievers {
  private static final Map<String, Retriever> RETRIEVERS = new ConcurrentHashMap<>();

  private ExecutorRetrievers() {}

  static Retriever get(String index, int threads) {
    return RETRIEVERS.computeIfAbsent(index + "\t" + threads, key -> Retrievers.open(Path.of(index),
        Bm25Settings.ANSERINI, DenseSearchSettings.DEFAULTS, model -> ExecutorEncoders.get(model, threads)));
  }
}
