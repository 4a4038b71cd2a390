/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * Margin-MSE (Hofstätter et al., "Improving Efficient Neural Ranking Models with Cross-Architecture Knowledge
 * Distillation", 2020): the student's margin between a positive and a negative should equal the teacher's:
 * mean over (positive, negative) pairs of ((s_pos - s_neg) - (t_pos - t_neg))^2.
 */
public final class MarginMseLoss {

  /**
   * @param studentMargins [P] student score of the positive less that of the negative
   * @param teacherMargins [P] the teacher's
   */
  public NDArray compute(NDArray studentMargins, NDArray teacherMargins) {
    return studentMargins.sub(teacherMargins).square().mean();
  }
}
