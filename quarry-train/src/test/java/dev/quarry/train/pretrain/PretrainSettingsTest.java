/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.train.config.TrainingConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@code pretrain} configuration holds its own settings and the loop's, and refuses another command's by name (and
 * theirs its own); values out of range name the setting as it is written.
 */
class PretrainSettingsTest {
  private static IllegalArgumentException refused(Map<String, Object> values, TrainingConfig.Use use) {
    return assertThrows(IllegalArgumentException.class, () -> TrainingConfig.of(values, use, Map.of()));
  }

  @Test
  void eachCommandReadsOnlyItsOwnSettings() {
    assertTrue(refused(Map.of("negatives", "bm25"), TrainingConfig.Use.PRETRAIN).getMessage()
        .contains("'negatives' is a train setting; pretrain does not read it"));
    assertTrue(refused(Map.of("queueSize", 8), TrainingConfig.Use.TRAIN).getMessage()
        .contains("'queueSize' is a pretrain setting; train does not read it"));
    assertTrue(refused(Map.of("dataset", "scifact"), TrainingConfig.Use.PRETRAIN).getMessage()
        .contains("'dataset' is a train setting; pretrain does not read it"));
    TrainingConfig c = TrainingConfig.of(Map.of("task", "ict,wlp=2", "batchSize", 8, "queueSize", 64),
        TrainingConfig.Use.PRETRAIN, Map.of("maxSteps", 5));
    assertEquals(5, c.pretrain.maxSteps);
    assertEquals(8, c.loop.batchSize);
    Map<String, Object> saved = c.asMap(TrainingConfig.Use.PRETRAIN);
    assertEquals("ict,wlp=2", saved.get("task"));
    assertFalse(saved.containsKey("negatives"), "pretrain's config.json holds pretrain's settings");
  }

  @Test
  void valuesOutOfRangeNameTheSetting() {
    assertTrue(refused(Map.of("task", "ict,ict"), TrainingConfig.Use.PRETRAIN).getMessage()
        .contains("task (--task) task ict is named twice"));
    assertTrue(refused(Map.of("cropMin", 0.6, "cropMax", 0.5), TrainingConfig.Use.PRETRAIN).getMessage()
        .contains("cropMin (--crop-min) and cropMax (--crop-max) must satisfy 0 < cropMin <= cropMax <= 1"));
    assertTrue(refused(Map.of("momentum", 1.5), TrainingConfig.Use.PRETRAIN).getMessage()
        .contains("momentum (--momentum)"));
  }
}
