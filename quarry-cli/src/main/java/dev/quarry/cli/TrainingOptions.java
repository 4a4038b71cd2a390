/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code train} and {@code distill} share: a {@code TrainingConfig}'s common settings and its loop
 * ({@link LoopOptions}, which {@code pretrain} takes too), each named by its key in kebab case ({@code --batch-size}
 * sets {@code batchSize}). Defaults shown are the configuration's own ({@link ConfigDefaults}); a given option
 * overrides the value of {@code --config}.
 */
final class TrainingOptions {
  @Option(names = "--dataset", paramLabel = "DIR|NAME", description = "BEIR dataset (default: ${DEFAULT-VALUE}).")
  String dataset;
  @Option(names = "--split", paramLabel = "SPLIT", description = "Training split (default: ${DEFAULT-VALUE}).")
  String split;
  @Option(names = "--max-queries", paramLabel = "N",
      description = "Train on a seeded sample of N of the split's queries, 0 for all (default: ${DEFAULT-VALUE}).")
  Integer maxQueries;
  @Mixin LoopOptions loop;

  @Option(names = "--test-split", paramLabel = "SPLIT",
      description = "Split the trained model is evaluated on, '' to skip (default: ${DEFAULT-VALUE}).")
  String testSplit;

  /** Options of a command that are not settings of its configuration. */
  static final List<String> COMMAND_ONLY = List.of("--out", "--config", "--resume", "--overwrite", "--cache");
}
