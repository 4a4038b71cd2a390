/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
  /** Sets the gradient of {@code p} to {@code g} through the loss sum(p * g). */
  private static void backward(NDManager manager, NDArray p, float[] g) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(p.mul(manager.create(g)).sum());
    }
  }

  @Test
  void firstStepMovesEachWeightByTheLearningRateAgainstItsGradient() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray p = manager.create(new float[] {1f, -2f, 0.5f});
      p.setRequiresGradient(true);
      AdamW adam = new AdamW(manager, Map.of("w", p), 0f);
      backward(manager, p, new float[] {3f, -0.5f, 2f});
      float norm = adam.step(0.01f, 0f);
      assertEquals(Math.sqrt(9 + 0.25 + 4), norm, 1e-5);
      // bias-corrected first step: m / sqrt(v) = sign(g)
      assertArrayEquals(new float[] {0.99f, -1.99f, 0.49f}, p.toFloatArray(), 1e-4f);
      assertEquals(1, adam.steps());
      assertTrue(adam.nonFiniteGradients().isEmpty());
    }
  }

  @Test
  void aNonFiniteGradientSkipsTheUpdateAndNamesTheWeight() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray good = manager.create(new float[] {1f, 2f});
      NDArray bad = manager.create(new float[] {3f});
      good.setRequiresGradient(true);
      bad.setRequiresGradient(true);
      AdamW adam = new AdamW(manager, new java.util.LinkedHashMap<>(Map.of("good", good, "bad", bad)), 0.01f);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(good.sum().add(bad.mul(Float.NaN).sum()));
      }
      float norm = adam.step(0.01f, 1f);
      assertFalse(Float.isFinite(norm));
      assertEquals(List.of("bad"), adam.nonFiniteGradients());
      assertArrayEquals(new float[] {1f, 2f}, good.toFloatArray());
      assertArrayEquals(new float[] {3f}, bad.toFloatArray());
      assertEquals(0, adam.steps(), "a skipped update is not counted");
      // the next finite step works from clean gradients
      backward(manager, good, new float[] {1f, 1f});
      assertTrue(Float.isFinite(adam.step(0.01f, 1f)));
    }
  }
}
