/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import picocli.CommandLine.Option;

/**
 * The options of a training loop, which {@code train}, {@code distill} and {@code pretrain} share: a
 * {@code TrainingConfig}'s loop settings, the seed and the threads, each named by its key in kebab case
 * ({@code --batch-size} sets {@code batchSize}). Defaults shown are the configuration's own ({@link ConfigDefaults}); a
 * given option overrides the value of {@code --config}.
 */
final class LoopOptions {
  @Option(names = "--epochs", paramLabel = "N",
      description = "Passes over the training examples: the queries, or pretrain's pages (default: ${DEFAULT-VALUE}).")
  Integer epochs;
  @Option(names = "--batch-size", paramLabel = "N",
      description = "Examples per step: queries, or pretrain's pages (default: ${DEFAULT-VALUE}).")
  Integer batchSize;
  @Option(names = "--accumulation", paramLabel = "N",
      description = "Micro-batches per step, to fit memory; each scores its own in-batch passages (default: "
          + "${DEFAULT-VALUE}).")
  Integer accumulation;
  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  Double learningRate;
  @Option(names = "--warmup", paramLabel = "FRACTION",
      description = "Warm-up share of the steps (default: ${DEFAULT-VALUE}).")
  Double warmup;
  @Option(names = "--weight-decay", paramLabel = "W", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  Double weightDecay;
  @Option(names = "--max-grad-norm", paramLabel = "N",
      description = "Gradient clipping norm, 0 for none (default: ${DEFAULT-VALUE}).")
  Double maxGradNorm;
  @Option(names = "--temperature", paramLabel = "T",
      description = "Student score temperature: scores are inner products divided by it (default: ${DEFAULT-VALUE}).")
  Double temperature;
  @Option(names = "--dropout", paramLabel = "P", description = "Dropout while training (default: ${DEFAULT-VALUE}).")
  Double dropout;
  @Option(names = "--query-length", paramLabel = "TOKENS", description = "Tokens kept per query (default: ${DEFAULT-VALUE}).")
  Integer queryLength;
  @Option(names = "--passage-length", paramLabel = "TOKENS",
      description = "Tokens kept per passage (default: ${DEFAULT-VALUE}).")
  Integer passageLength;
  @Option(names = "--checkpoint-every", paramLabel = "STEPS",
      description = "Steps between checkpoints, 0 for none (default: ${DEFAULT-VALUE}).")
  Integer checkpointEvery;
  @Option(names = "--seed", paramLabel = "N", description = "Random seed; a run repeats exactly (default: ${DEFAULT-VALUE}).")
  Long seed;
  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for retrieval, mining and encoding (default: ${DEFAULT-VALUE}, the cores).")
  Integer threads;
}
