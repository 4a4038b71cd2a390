/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.quarry.train.Scalars;

/**
 * Masked language modelling's cross-entropy (Devlin et al., NAACL 2019): the mean over the predicted positions of
 * {@code -log softmax(logits)[label]}; RetroMAE's encoder and decoder each take one (Xiao et al., EMNLP 2022). Only
 * the positions to predict are given (the caller picks them), so no logits are computed for the others.
 */
public final class MaskedLanguageModelLoss {
  /**
   * @param logits [N, V] scores over the vocabulary of the N positions predicted
   * @param labels the N tokens to predict
   * @return the mean cross-entropy, a scalar
   */
  public NDArray compute(NDManager step, NDArray logits, long[] labels) {
    int n = (int) logits.getShape().get(0);
    long v = logits.getShape().get(1);
    if (labels.length != n) {
      throw new IllegalArgumentException(n + " rows of logits for " + labels.length + " labels");
    }
    long[] picks = new long[n];
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= v) {
        throw new IllegalArgumentException("label " + labels[i] + " outside a vocabulary of " + v);
      }
      picks[i] = i * v + labels[i];
    }
    NDArray table = logits.logSoftmax(1).reshape(n * v, 1);
    NDArray picked = Embedding.embedding(step.create(picks, new Shape(n)), table, SparseFormat.DENSE)
        .singletonOrThrow();
    NDArray sum = picked.sum();
    return sum.div(Scalars.of(sum, -n));
  }
}
