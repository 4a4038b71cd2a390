/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.train.config.LoopSettings;
import dev.quarry.train.config.MiningSettings;
import dev.quarry.train.config.TrainingConfig;

/**
 * What the {@link Trainer}'s loop is set by: the batches, the optimiser and its schedule, and how often it evaluates,
 * checkpoints and refreshes its examples.
 *
 * @param shuffleNegatives draw each step's hard negatives at random (contrastive training), or take the first ones
 *     in file order (distillation groups, sorted by the teacher)
 * @param refreshEvery steps between refreshes of the examples (ANCE), 0 for none
 * @param maxSteps at most this many steps in all, whatever the epochs (0: the epochs decide); the schedule ends there
 * @param maxMinutes stop once this many minutes of training have passed in one call (0: no limit), with a checkpoint
 *     that a resumed run continues from; the schedule is still the steps'
 */
public record TrainerSettings(int epochs, int batchSize, int hardNegatives, int accumulation, double learningRate,
    double warmup, double weightDecay, double maxGradNorm, int evalEvery, int checkpointEvery, int refreshEvery,
    long seed, boolean shuffleNegatives, long maxSteps, double maxMinutes) {

  public TrainerSettings {
    if (epochs < 1 || batchSize < 1 || accumulation < 1 || hardNegatives < 0) {
      throw new IllegalArgumentException("epochs, batchSize and accumulation must be positive and hardNegatives not"
          + " negative; got " + epochs + ", " + batchSize + ", " + accumulation + ", " + hardNegatives);
    }
    if (evalEvery < 0 || checkpointEvery < 0 || refreshEvery < 0) {
      throw new IllegalArgumentException("evalEvery, checkpointEvery and refreshEvery must not be negative");
    }
    if (maxSteps < 0 || !(maxMinutes >= 0)) {
      throw new IllegalArgumentException("maxSteps and maxMinutes must not be negative; got " + maxSteps + ", "
          + maxMinutes);
    }
  }

  /** Without a step cap or a time limit. */
  public TrainerSettings(int epochs, int batchSize, int hardNegatives, int accumulation, double learningRate,
      double warmup, double weightDecay, double maxGradNorm, int evalEvery, int checkpointEvery, int refreshEvery,
      long seed, boolean shuffleNegatives) {
    this(epochs, batchSize, hardNegatives, accumulation, learningRate, warmup, weightDecay, maxGradNorm, evalEvery,
        checkpointEvery, refreshEvery, seed, shuffleNegatives, 0, 0);
  }

  /** A {@code train} run's loop as its configuration sets it, negatives drawn at random. */
  public static TrainerSettings of(TrainingConfig config) {
    LoopSettings l = config.loop;
    MiningSettings m = config.mining;
    return new TrainerSettings(l.epochs, l.batchSize, m.hardNegatives, l.accumulation, l.learningRate, l.warmup,
        l.weightDecay, l.maxGradNorm, m.evalEvery, l.checkpointEvery, m.refreshEvery, config.seed, true);
  }

  /**
   * A {@code distill} run's loop: groups of {@code groupSize} taken in file order (sorted by the teacher), with no
   * dev evaluation and no refreshes.
   */
  public static TrainerSettings distilling(TrainingConfig config, int groupSize) {
    LoopSettings l = config.loop;
    return new TrainerSettings(l.epochs, l.batchSize, groupSize - 1, l.accumulation, l.learningRate, l.warmup,
        l.weightDecay, l.maxGradNorm, 0, l.checkpointEvery, 0, config.seed, false);
  }

  /** The total number of optimizer steps for {@code examples} training examples. */
  public long totalSteps(int examples) {
    int batch = Math.min(batchSize, examples);
    long steps = epochs * Math.max(1L, examples / batch);
    return maxSteps > 0 ? Math.min(steps, maxSteps) : steps;
  }
}
