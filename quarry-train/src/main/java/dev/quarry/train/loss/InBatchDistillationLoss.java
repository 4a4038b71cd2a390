/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * In-batch knowledge distillation (Lin, Yang and Lin, "In-Batch Negatives for Knowledge Distillation with
 * Tightly-Coupled Teachers for Dense Retrieval", RepL4NLP 2021, TCT-ColBERT): the teacher scores every query of the
 * batch against every passage of the batch, and the student's distribution over the batch's passages follows the
 * teacher's: KL(softmax(teacher / T) || softmax(student / T)), averaged over queries.
 */
public final class InBatchDistillationLoss {
  private final PointwiseDistillationLoss kl;

  public InBatchDistillationLoss(float studentTemperature, float teacherTemperature) {
    this.kl = new PointwiseDistillationLoss(studentTemperature, teacherTemperature);
  }

  /**
   * @param student [B, N] student scores of each query against every passage of the batch
   * @param teacher [B, N] teacher scores of the same
   */
  public NDArray compute(NDArray student, NDArray teacher) {
    return kl.compute(student, teacher);
  }
}
