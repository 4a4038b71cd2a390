/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * The squared distance of trained weights from their start, {@code sum_w ||w - w_0||^2}: SG-OPT's regulariser (Kim et
 * al., ACL 2021), weighted by its lambda (0.1), which keeps the trained copy near the frozen one it learns from.
 */
public final class WeightDistanceLoss {
  /**
   * @param trained the weights being trained, recorded for gradients
   * @param start the starting weights by the same names (no gradient)
   * @param step where the intermediate arrays go (operations on weights would otherwise attach their results to the
   *     weights' long-lived manager)
   * @return the summed squared distance, a scalar
   */
  public NDArray compute(NDManager step, Map<String, NDArray> trained, Map<String, NDArray> start) {
    NDArray total = null;
    for (Map.Entry<String, NDArray> e : trained.entrySet()) {
      NDArray origin = start.get(e.getKey());
      if (origin == null) {
        throw new IllegalArgumentException("no starting value for weight '" + e.getKey() + "'");
      }
      NDArray difference = e.getValue().sub(origin);
      difference.attach(step);
      NDArray squared = difference.square().sum();
      total = total == null ? squared : total.add(squared);
    }
    if (total == null) {
      throw new IllegalArgumentException("no weights");
    }
    return total;
  }
}
