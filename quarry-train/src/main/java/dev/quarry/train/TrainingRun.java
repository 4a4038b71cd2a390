/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.core.ProgressFactory;
import dev.quarry.search.IndexCache;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.train.dense.DenseTrainingRun;
import dev.quarry.train.rerank.RerankerTrainingRun;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** A {@code train} run: its data preparation and its objective, on the {@link TrainingPipeline}. */
public interface TrainingRun {
  /** Runs; {@code afterStep} sees every finished step (tests stop a run there as if killed). */
  TrainingPipeline.Outcome run(LongConsumer afterStep);

  default TrainingPipeline.Outcome run() {
    return run(step -> {});
  }

  /** The run of the configuration's kind: a dual encoder, or a reranker. */
  static TrainingRun of(TrainingConfig config, Path out, IndexCache cache, ProgressFactory progress) {
    return config.kind.isReranker() ? new RerankerTrainingRun(config, out, cache, progress)
        : new DenseTrainingRun(config, out, cache, progress);
  }
}
