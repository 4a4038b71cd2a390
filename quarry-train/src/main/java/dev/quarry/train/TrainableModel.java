/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import ai.djl.ndarray.NDArray;
import dev.quarry.onnx.weights.Safetensors;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model the {@link TrainingPipeline} trains: its parameters, its state for checkpoints (Hugging Face names and
 * layout), and the folder it is served from once trained. Holds native memory: close it.
 */
public interface TrainableModel extends AutoCloseable {
  /** The trainable parameters by name, in the layout the computation uses. */
  Map<String, NDArray> parameters();

  /** The trainable state for a checkpoint, by name. */
  Map<String, Safetensors.Tensor> state();

  /** Sets every parameter to the values of a {@link #state()} (a checkpoint's). */
  void restore(Map<String, Safetensors.Tensor> state);

  /**
   * Writes the trained model to {@code folder} (atomically, replacing it) in the layout its inference code reads.
   *
   * @return whether ONNX Runtime can serve it (a model of a shape no base graph has is saved as safetensors only)
   */
  boolean export(Path folder);

  @Override
  void close();
}
