/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** BERT's schedule, step by step on a small case computed by hand. */
class LinearScheduleTest {
  @Test
  void warmsUpLinearlyThenDecaysToZeroAtTheLastStep() {
    LinearSchedule s = new LinearSchedule(1f, 3, 8);
    // warm-up: (step + 1) / (warmup + 1) of the peak
    assertEquals(0.25f, s.at(0));
    assertEquals(0.5f, s.at(1));
    assertEquals(0.75f, s.at(2));
    // decay from the peak over the 5 steps after warm-up: (total - step) / (total - warmup)
    assertEquals(1.0f, s.at(3));
    assertEquals(0.8f, s.at(4), 1e-7);
    assertEquals(0.2f, s.at(7), 1e-7);
    assertEquals(0f, s.at(8), "nothing is learnt past the last step");
    assertEquals(1f, new LinearSchedule(1f, 0, 4).at(0), "no warm-up starts at the peak");
    assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1f, 9, 8));
    assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(0f, 0, 8));
  }
}
