/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.quarry.train.Scalars;

/**
 * InfoNCE of queries against keys with an optional queue of past keys (MoCo, He et al., CVPR 2020, as Contriever
 * trains it, Izacard et al. 2021): query i's logits are its inner products with every key of the batch and every key
 * of the queue, divided by the temperature; its target is its own key. Without a queue this is in-batch InfoNCE
 * (van den Oord et al. 2018), the loss of every pair task of pre-training (ICT, BFS, WLP, crops). With one, the
 * batch's other keys are negatives besides the queue's (MoCo's own loss has the queue's only; keeping the batch's
 * makes a queue a pure addition to the in-batch loss, and the two agree once the queue is full and large).
 *
 * <pre>loss = -1/B sum_i log( exp(q_i.k_i / t) / (sum_j exp(q_i.k_j / t) + sum_r exp(q_i.u_r / t)) )</pre>
 */
public final class MomentumContrastLoss {
  private final float temperature;

  public MomentumContrastLoss(float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive; got " + temperature);
    }
    this.temperature = temperature;
  }

  public float temperature() {
    return temperature;
  }

  /**
   * @param queries [B, H], recorded for gradients
   * @param keys [B, H]: row i is query i's positive
   * @param queue [Q, H] past keys (no gradient), or null
   * @return the mean cross-entropy, a scalar
   */
  public NDArray compute(NDManager step, NDArray queries, NDArray keys, NDArray queue) {
    NDArray candidates = queue == null ? keys : NDArrays.concat(new NDList(keys, queue), 0);
    NDArray products = queries.matMul(candidates.transpose());
    NDArray logits = products.div(Scalars.of(products, temperature));
    int rows = (int) queries.getShape().get(0);
    int columns = (int) candidates.getShape().get(0);
    float[] target = new float[rows * columns];
    for (int i = 0; i < rows; i++) {
      target[i * columns + i] = 1;
    }
    NDArray sum = logits.logSoftmax(1).mul(step.create(target, new Shape(rows, columns))).sum();
    return sum.div(Scalars.of(sum, -rows));
  }

  @Override
  public String toString() {
    return "MoCo InfoNCE(temperature=" + temperature + ")";
  }
}
