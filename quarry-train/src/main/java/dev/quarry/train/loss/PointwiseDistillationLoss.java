/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;
import dev.quarry.train.Scalars;

/**
 * Listwise distillation of a pointwise teacher: over each query's group of candidates,
 * KL(softmax(teacher / T_teacher) || softmax(student / T_student)), averaged over queries ("batchmean"), as in
 * PairDistill's pointwise term (Huang and Chen, EMNLP 2024) and RocketQAv2's dynamic listwise distillation.
 */
public final class PointwiseDistillationLoss {
  private final float studentTemperature;
  private final float teacherTemperature;

  public PointwiseDistillationLoss(float studentTemperature, float teacherTemperature) {
    if (!(studentTemperature > 0) || !(teacherTemperature > 0)) {
      throw new IllegalArgumentException("temperatures must be positive; got " + studentTemperature + ", "
          + teacherTemperature);
    }
    this.studentTemperature = studentTemperature;
    this.teacherTemperature = teacherTemperature;
  }

  /**
   * @param student [B, G] student scores
   * @param teacher [B, G] teacher scores (no gradient)
   */
  public NDArray compute(NDArray student, NDArray teacher) {
    NDArray logStudent = student.div(Scalars.of(student, studentTemperature)).logSoftmax(1);
    NDArray logTeacher = teacher.div(Scalars.of(teacher, teacherTemperature)).logSoftmax(1);
    long rows = student.getShape().get(0);
    NDArray sum = logTeacher.exp().mul(logTeacher.sub(logStudent)).sum();
    return sum.div(Scalars.of(sum, rows));
  }
}
