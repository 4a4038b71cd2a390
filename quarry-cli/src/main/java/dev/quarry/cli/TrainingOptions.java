package dev.quarry.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options {@code train} and {@code distill} share: a {@code TrainingConfig}'s common settings and its loop, each
 * named by its key in kebab case ({@code --batch-size} sets {@code batchSize}). Defaults shown are the
 * configuration's own ({@link ConfigDefaults}); a given option overrides the value of {@code --config}.
 */
final class TrainingOptions {
  @Option(names = "--dataset", paramLabel = "DIR|NAME", description = "BEIR dataset (default: ${DEFAULT-VALUE}).")
  String dataset;
  @Option(names = "--split", paramLabel = "SPLIT", description = "Training split (default: ${DEFAULT-VALUE}).")
  String split;
  @Option(names = "--max-queries", paramLabel = "N",
      description = "Train on a seeded sample of N of the split's queries, 0 for all (default: ${DEFAULT-VALUE}).")
  Integer maxQueries;
  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training queries (default: ${DEFAULT-VALUE}).")
  Integer epochs;
  @Option(names = "--batch-size", paramLabel = "N", description = "Queries per step (default: ${DEFAULT-VALUE}).")
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
  @Option(names = "--test-split", paramLabel = "SPLIT",
      description = "Split the trained model is evaluated on, '' to skip (default: ${DEFAULT-VALUE}).")
  String testSplit;

  /** Options of a command that are not settings of its configuration. */
  static final List<String> COMMAND_ONLY = List.of("--out", "--config", "--resume", "--overwrite", "--cache");
}
