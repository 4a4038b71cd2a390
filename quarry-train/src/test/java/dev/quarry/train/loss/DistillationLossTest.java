/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The distillation losses against values computed by hand, and the direction of their gradients. */
class DistillationLossTest {

  @Test
  void pairwiseKlMatchesTheFormulaAndPushesTowardTheTeacher() {
    try (NDManager m = NDManager.newBaseManager()) {
      float si = 0.3f;
      float sj = 0.1f;
      float p = 0.9f;
      NDArray first = m.create(new float[] {si});
      NDArray second = m.create(new float[] {sj});
      first.setRequiresGradient(true);
      double q = 1 / (1 + Math.exp(-(si - sj)));
      double expected = p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
      PairwiseDistillationLoss loss = new PairwiseDistillationLoss(1f);
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        NDArray value = loss.compute(first, second, m.create(new float[] {p}));
        assertEquals(expected, value.getFloat(), 1e-6);
        c.backward(value);
      }
      // the teacher prefers i (p = 0.9 > q = 0.55): raising s_i lowers the loss, so its gradient is negative
      assertTrue(first.getGradient().getFloat() < 0, "d L_pair / d s_i = " + first.getGradient().getFloat());
      assertEquals(q - p, first.getGradient().getFloat(), 1e-6, "dKL/ds_i = q - p");
    }
  }

  @Test
  void pairwiseKlIsZeroWhenStudentAgreesAndHandlesCertainTeachers() {
    try (NDManager m = NDManager.newBaseManager()) {
      float d = (float) Math.log(0.8 / 0.2);
      NDArray value = new PairwiseDistillationLoss(1f).compute(m.create(new float[] {d, 5f}), m.create(new float[] {0f, 0f}),
          m.create(new float[] {0.8f, 1f}));
      double certain = -Math.log(1 / (1 + Math.exp(-5)));
      assertEquals(certain / 2, value.getFloat(), 1e-5, "KL is 0 for the agreeing pair; p = 1 gives -log q");
    }
  }

  @Test
  void pointwiseKlIsBatchMeanKlOfSoftmaxes() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] s = {1f, 0f, -1f, 0.5f, 0.5f, 0f};
      float[] t = {2f, 1f, 0f, 0f, 1f, 3f};
      NDArray value = new PointwiseDistillationLoss(1f, 1f).compute(m.create(s, new Shape(2, 3)),
          m.create(t, new Shape(2, 3)));
      double expected = 0;
      for (int b = 0; b < 2; b++) {
        double zs = 0;
        double zt = 0;
        for (int g = 0; g < 3; g++) {
          zs += Math.exp(s[b * 3 + g]);
          zt += Math.exp(t[b * 3 + g]);
        }
        for (int g = 0; g < 3; g++) {
          double pt = Math.exp(t[b * 3 + g]) / zt;
          double ps = Math.exp(s[b * 3 + g]) / zs;
          expected += pt * Math.log(pt / ps);
        }
      }
      assertEquals(expected / 2, value.getFloat(), 1e-5);
      // a teacher temperature divides the teacher's scores before its softmax, and only the teacher's
      float[] halved = new float[t.length];
      for (int i = 0; i < t.length; i++) {
        halved[i] = t[i] / 2;
      }
      NDArray sharp = new PointwiseDistillationLoss(1f, 0.5f).compute(m.create(s, new Shape(2, 3)),
          m.create(halved, new Shape(2, 3)));
      assertEquals(value.getFloat(), sharp.getFloat(), 1e-5);
    }
  }

  @Test
  void marginMseIsTheMeanSquaredMarginError() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray value = new MarginMseLoss().compute(m.create(new float[] {1f, 2f}), m.create(new float[] {0f, 4f}));
      assertEquals((1 + 4) / 2.0, value.getFloat(), 1e-6);
    }
  }

  @Test
  void contrastiveLossMasksExcludedPassages() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray scores = m.create(new float[] {1, 1, 0}, new Shape(1, 3));
      ContrastiveLoss loss = new ContrastiveLoss(1f);
      double plain = -Math.log(Math.E / (Math.E + Math.E + 1));
      assertEquals(plain, loss.compute(m, scores, new int[] {0}, null).getFloat(), 1e-5);
      double masked = -Math.log(Math.E / (Math.E + 1));
      assertEquals(masked, loss.compute(m, scores, new int[] {0}, new boolean[][] {{false, true, false}}).getFloat(), 1e-5);
    }
  }

  @Test
  void inBatchKdIsTheKlOfEveryQueryOverAllPassagesAtEachSidesTemperature() {
    try (NDManager m = NDManager.newBaseManager()) {
      // two queries against the batch's three passages; student at temperature 0.5, teacher at 2
      float[] s = {0.4f, 0.1f, -0.2f, 0.0f, 0.3f, 0.3f};
      float[] t = {3f, 1f, 1f, -1f, 2f, 4f};
      NDArray value = new InBatchDistillationLoss(0.5f, 2f).compute(m.create(s, new Shape(2, 3)),
          m.create(t, new Shape(2, 3)));
      double expected = 0;
      for (int b = 0; b < 2; b++) {
        double zs = 0;
        double zt = 0;
        for (int n = 0; n < 3; n++) {
          zs += Math.exp(s[b * 3 + n] / 0.5);
          zt += Math.exp(t[b * 3 + n] / 2);
        }
        for (int n = 0; n < 3; n++) {
          double pt = Math.exp(t[b * 3 + n] / 2) / zt;
          double ps = Math.exp(s[b * 3 + n] / 0.5) / zs;
          expected += pt * Math.log(pt / ps);
        }
      }
      assertEquals(expected / 2, value.getFloat(), 1e-5, "the mean over queries of KL(teacher || student)");
    }
  }
}
