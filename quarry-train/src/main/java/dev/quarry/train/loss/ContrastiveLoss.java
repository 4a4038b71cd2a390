/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.quarry.train.Scalars;

/**
 * InfoNCE over in-batch and hard negatives (Karpukhin et al., "Dense Passage Retrieval for Open-Domain Question
 * Answering", EMNLP 2020; van den Oord et al. 2018): each query is scored against every passage of the batch (its
 * positive, the other queries' positives and every hard negative), scores divided by a temperature, and the loss is
 * the cross-entropy of its own positive. A passage of the batch that is another positive of the same query (shared
 * positives, duplicates) is masked out rather than pushed away.
 */
public final class ContrastiveLoss {
  private final float temperature;

  public ContrastiveLoss(float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive; got " + temperature);
    }
    this.temperature = temperature;
  }

  public float temperature() {
    return temperature;
  }

  /**
   * @param scores [B, N] each query's score with every passage of the batch (inner products, or ColBERT's MaxSim)
   * @param positive for each query, the column of its positive in {@code scores}
   * @param excluded for each query and passage, whether to leave the passage out (null: none)
   * @return the mean cross-entropy, a scalar
   */
  public NDArray compute(NDManager step, NDArray scores, int[] positive, boolean[][] excluded) {
    NDArray logits = scores.div(Scalars.of(scores, temperature));
    int rows = positive.length;
    int columns = (int) scores.getShape().get(1);
    float[] target = new float[rows * columns];
    float[] mask = new float[rows * columns];
    for (int i = 0; i < rows; i++) {
      target[i * columns + positive[i]] = 1;
      for (int j = 0; excluded != null && j < columns; j++) {
        if (excluded[i][j] && j != positive[i]) {
          mask[i * columns + j] = -1e9f;
        }
      }
    }
    ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(rows, columns);
    NDArray oneHot = step.create(target, shape);
    NDArray sum = logits.add(step.create(mask, shape)).logSoftmax(1).mul(oneHot).sum();
    return sum.div(Scalars.of(sum, -rows));
  }

  @Override
  public String toString() {
    return "InfoNCE(temperature=" + temperature + ")";
  }
}
