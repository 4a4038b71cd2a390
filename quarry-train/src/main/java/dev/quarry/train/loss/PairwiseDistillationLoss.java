/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.quarry.train.Scalars;

/**
 * PairDistill's pairwise term (Huang and Chen, "PairDistill: Pairwise Relevance Distillation for Dense Retrieval",
 * EMNLP 2024): for each teacher pair (i, j) with p = P(d_i more relevant than d_j), the student's pair probability
 * is softmax([s_i, s_j])[0] = sigmoid(s_i - s_j), and the loss is the mean over pairs of
 * KL([p, 1 - p] || [q, 1 - q]). Computed with log-sigmoids (softplus) so that confident students stay finite.
 */
public final class PairwiseDistillationLoss {
  private final float temperature;

  public PairwiseDistillationLoss(float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive; got " + temperature);
    }
    this.temperature = temperature;
  }

  /**
   * @param first [P] student scores of each pair's first passage
   * @param second [P] student scores of each pair's second passage
   * @param teacher [P] teacher probabilities that the first is more relevant
   */
  public NDArray compute(NDArray first, NDArray second, NDArray teacher) {
    NDArray difference = first.sub(second);
    NDArray d = difference.div(Scalars.of(difference, temperature));
    NDArray logQ = Activation.softPlus(d.neg()).neg();
    NDArray logNotQ = Activation.softPlus(d).neg();
    NDArray p = teacher;
    NDArray notP = p.neg().add(Scalars.of(p, 1));
    // p log p, with 0 log 0 = 0
    NDArray entropyTerms = xlogx(p).add(xlogx(notP));
    NDArray cross = p.mul(logQ).add(notP.mul(logNotQ));
    return entropyTerms.sub(cross).mean();
  }

  private static NDArray xlogx(NDArray x) {
    return x.mul(x.maximum(Scalars.of(x, 1e-12)).log());
  }
}
