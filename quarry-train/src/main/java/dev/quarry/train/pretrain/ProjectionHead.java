/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * SG-OPT's projection head g (Kim et al., ACL 2021): a two-layer MLP, {@code W2 gelu(W1 x + b1) + b2}, from the
 * hidden size through {@code inner} units back to the hidden size, applied to the trained copy's sentence vectors
 * and the frozen copy's pooled layers alike; used in training only, as SimCLR's head is.
 */
final class ProjectionHead {
  private final NDArray w1;
  private final NDArray b1;
  private final NDArray w2;
  private final NDArray b2;

  ProjectionHead(HeadWeights weights, String prefix, int hidden, int inner) {
    this.w1 = weights.normal(prefix + "dense1.weight", hidden, inner);
    this.b1 = weights.constant(prefix + "dense1.bias", 0f, inner);
    this.w2 = weights.normal(prefix + "dense2.weight", inner, hidden);
    this.b2 = weights.constant(prefix + "dense2.bias", 0f, hidden);
  }

  /** [N, hidden] to [N, hidden] (the first operand's manager gets the results). */
  NDArray apply(NDArray x) {
    NDArray inner = Activation.gelu(x.matMul(w1).addi(b1));
    return inner.matMul(w2).addi(b2);
  }
}
