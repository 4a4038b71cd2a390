/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pre-training's losses on tiny inputs against values computed by hand (in doubles, from the formulas). */
class PretrainLossesTest {
  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static float[] flat(float[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
    }
    return out;
  }

  private static NDArray array(NDManager m, float[][] rows) {
    return m.create(flat(rows), new Shape(rows.length, rows[0].length));
  }

  @Test
  void momentumContrastIsInfoNceOverTheBatchsKeysAndTheQueue() {
    float[][] q = {{1, 0}, {0.6f, 0.8f}};
    float[][] k = {{0.8f, 0.6f}, {0, 1}};
    float[][] queue = {{-1, 0}, {0.28f, 0.96f}, {0, -1}};
    double t = 0.5;
    double withQueue = 0;
    double inBatch = 0;
    for (int i = 0; i < 2; i++) {
      double[] logits = {dot(q[i], k[0]) / t, dot(q[i], k[1]) / t, dot(q[i], queue[0]) / t, dot(q[i], queue[1]) / t,
          dot(q[i], queue[2]) / t};
      double all = 0;
      double batch = 0;
      for (int j = 0; j < logits.length; j++) {
        all += Math.exp(logits[j]);
        batch += j < 2 ? Math.exp(logits[j]) : 0;
      }
      withQueue += -(logits[i] - Math.log(all)) / 2;
      inBatch += -(logits[i] - Math.log(batch)) / 2;
    }
    MomentumContrastLoss loss = new MomentumContrastLoss((float) t);
    try (NDManager m = NDManager.newBaseManager()) {
      assertEquals(withQueue, loss.compute(m, array(m, q), array(m, k), array(m, queue)).getFloat(), 1e-5);
      assertEquals(inBatch, loss.compute(m, array(m, q), array(m, k), null).getFloat(), 1e-5);
    }
    // one query by hand: logits 0.8 / 0.5 = 1.6 (its key) and 0 (the queue's); -log(e^1.6 / (e^1.6 + 1)) = 0.18390
    try (NDManager m = NDManager.newBaseManager()) {
      assertEquals(0.18390, loss.compute(m, array(m, new float[][] {{1, 0}}), array(m, new float[][] {{0.8f, 0.6f}}),
          array(m, new float[][] {{0, 1}})).getFloat(), 1e-5);
    }
  }

  @Test
  void selfGuidedLossKeepsOnlyTheTermsAnchoredOnTheTrainedVector() {
    // two sentences, two layers each; the anchors' own layers are positives, the other sentence's are negatives
    float[][] c = {{1, 0}, {0, 2}};
    float[][][] h = {{{2, 0}, {1, 1}}, {{0, 1}, {-1, 1}}};
    double t = 0.1;
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      double negatives = 0;
      for (int n = 0; n < 2; n++) {
        negatives += Math.exp(cos(c[i], h[1 - i][n]) / t);
      }
      for (int k = 0; k < 2; k++) {
        double positive = Math.exp(cos(c[i], h[i][k]) / t);
        expected += -Math.log(positive / (positive + negatives)) / 4;
      }
    }
    try (NDManager m = NDManager.newBaseManager()) {
      float[] layers = new float[8];
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 2; k++) {
          System.arraycopy(h[i][k], 0, layers, (i * 2 + k) * 2, 2);
        }
      }
      NDArray got = new SelfGuidedContrastiveLoss((float) t).compute(m, array(m, c),
          m.create(layers, new Shape(2, 2, 2)));
      assertEquals(expected, got.getFloat(), 1e-4);
      // by hand: sentence 0's layers have cosines 1 and .7071 against negatives 0 and -.7071, sentence 1's 1 and
      // .7071 against 0 and .7071; at t = 0.1 the four terms are 4.5e-5, 8.5e-4, .05209 and .69359, mean .18665
      assertEquals(0.18665, got.getFloat(), 1e-4);
    }
  }

  private static double cos(float[] a, float[] b) {
    return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  }

  @Test
  void weightDistanceIsTheSquaredDistanceFromTheStart() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> trained = new LinkedHashMap<>();
      Map<String, NDArray> start = new LinkedHashMap<>();
      trained.put("a", m.create(new float[] {1, 2, 3}));
      start.put("a", m.create(new float[] {1, 0, 1}));
      trained.put("b", m.create(new float[] {0.5f}, new Shape(1, 1)));
      start.put("b", m.create(new float[] {-0.5f}, new Shape(1, 1)));
      // (0 + 4 + 4) + 1
      assertEquals(9.0, new WeightDistanceLoss().compute(m, trained, start).getFloat(), 1e-6);
    }
  }

  @Test
  void maskedLanguageModelLossIsTheMeanCrossEntropyOfTheLabels() {
    float[][] logits = {{2, 0, -1, 0.5f}, {0, 0, 0, 0}, {-3, 1, 4, 1}};
    long[] labels = {0, 3, 1};
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      double z = 0;
      for (float l : logits[i]) {
        z += Math.exp(l);
      }
      expected += -(logits[i][(int) labels[i]] - Math.log(z)) / 3;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      assertEquals(expected, new MaskedLanguageModelLoss().compute(m, array(m, logits), labels).getFloat(), 1e-5);
      // the uniform row alone, by hand: -log(1/4) = 1.386294
      assertEquals(1.386294, new MaskedLanguageModelLoss().compute(m, array(m, new float[][] {logits[1]}),
          new long[] {3}).getFloat(), 1e-6);
    }
  }
}
