/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ONNX Runtime encoder per model in each executor JVM, shared by all its tasks and kept for the JVM's life:
 * Spark reuses an executor for many tasks, and loading a model costs far more than encoding one partition's batch.
 * The model is an embedded model's name (inside Quarry's jar, on every executor) or a folder every executor can read.
 */
final class ExecutorEncoders {
  private static final Map<String, OnnxEncoder> ENCODERS = new ConcurrentHashMap<>();

  private ExecutorEncoders() {}

  /**
   * @param threads batches encoded at once: the executor's task slots, each batch on one ONNX Runtime thread
   */
  static OnnxEncoder get(String model, int threads) {
    return ENCODERS.computeIfAbsent(model + "\t" + threads,
        key -> new OnnxEncoder(ModelRegistry.resolve(model), OnnxEncoder.DEFAULT_BATCH, threads, 1, 0));
  }
}
