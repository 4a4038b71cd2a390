/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.optim;

/** Linear warm-up from 0 to the peak learning rate, then linear decay to 0 at the last step (BERT's schedule). */
public record LinearSchedule(float peak, long warmupSteps, long totalSteps) {
  public LinearSchedule {
    if (!(peak > 0)) {
      throw new IllegalArgumentException("learning rate must be positive; got " + peak);
    }
    if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("need 0 <= warmup <= total and total >= 1; got warmup " + warmupSteps
          + ", total " + totalSteps);
    }
  }

  /** The learning rate of step {@code step} (0-based). */
  public float at(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / (warmupSteps + 1);
    }
    return peak * Math.max(0, totalSteps - step) / Math.max(1, totalSteps - warmupSteps);
  }
}
