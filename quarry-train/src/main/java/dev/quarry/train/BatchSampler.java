/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.core.training.TrainingExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The batches of a training run, as a pure function of (seed, step): epoch e visits the examples in the order of a
 * shuffle seeded by (seed, e), and each example's positive and hard negatives are drawn with a generator seeded by
 * (seed, step, position), or taken in file order (a distillation group, sorted by the teacher). A resumed run
 * therefore sees exactly the batches the uninterrupted run would have.
 */
public final class BatchSampler {
  /** One query of a batch: its example, the positive drawn and the hard negatives drawn. */
  public record Sample(TrainingExample example, TrainingExample.Passage positive,
      List<TrainingExample.Passage> negatives) {}

  private final List<TrainingExample> examples;
  private final int batchSize;
  private final int hardNegatives;
  private final long seed;
  private final boolean shuffleNegatives;

  public BatchSampler(List<TrainingExample> examples, int batchSize, int hardNegatives, long seed,
      boolean shuffleNegatives) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    this.examples = List.copyOf(examples);
    this.batchSize = Math.min(batchSize, examples.size());
    this.hardNegatives = hardNegatives;
    this.seed = seed;
    this.shuffleNegatives = shuffleNegatives;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Steps in one pass over the examples (the last partial batch is dropped). */
  public long stepsPerEpoch() {
    return Math.max(1, examples.size() / batchSize);
  }

  public List<Sample> batch(long step) {
    long epoch = step / stepsPerEpoch();
    int offset = (int) (step % stepsPerEpoch()) * batchSize;
    List<Integer> order = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
    List<Sample> batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      TrainingExample e = examples.get(order.get(offset + i));
      Random random = new Random((seed * 31 + step) * 1_000_003L + i);
      TrainingExample.Passage positive = e.positives().get(random.nextInt(e.positives().size()));
      List<TrainingExample.Passage> pool = new ArrayList<>(e.negatives());
      if (shuffleNegatives) {
        Collections.shuffle(pool, random);
      }
      batch.add(new Sample(e, positive, pool.subList(0, Math.min(hardNegatives, pool.size()))));
    }
    return batch;
  }
}
