/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * What a training step minimises, and the model it trains: the {@link Trainer} runs the loop (batches, gradients,
 * optimizer, checkpoints) for any objective: a dual encoder's contrastive loss, distillation losses, a reranker's.
 */
public interface TrainingObjective {
  /** The model whose parameters the loss is differentiated by. */
  TrainableModel model();

  /** The loss of one micro-batch, recorded for gradients; intermediate arrays go to {@code step}. */
  NDArray loss(NDManager step, List<BatchSampler.Sample> batch);

  /**
   * Called once at the start of every step, before its first {@link #loss} call (also the first step after a resume):
   * an objective that makes its own examples draws them as a function of (seed, step), and one with a momentum
   * encoder (MoCo) moves it toward the weights the last step left.
   */
  default void beginStep(long step) {}

  /**
   * Each term of the last {@link #loss} call by name, unweighted, for the log: which term moves the model is read
   * off the curves. Empty when the loss is a single term.
   */
  default Map<String, Double> lastTerms() {
    return Map.of();
  }
}
