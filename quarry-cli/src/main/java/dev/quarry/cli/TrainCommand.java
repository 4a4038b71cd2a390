/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.PeakMemory;
import dev.quarry.onnx.ModelKind;
import dev.quarry.search.IndexCache;
import dev.quarry.train.TrainingPipeline;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.config.MiningSettings;
import dev.quarry.train.config.TrainingConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry train}: fine-tunes a dual encoder, or trains a reranker to use as a teacher. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    defaultValueProvider = ConfigDefaults.class,
    description = "Fine-tunes a dual encoder (one shared tower) on a BEIR split with InfoNCE over in-batch and hard "
        + "negatives: none (in-batch only), bm25 (DPR), or ance (mined by the model itself, refreshed every "
        + "--refresh-every steps); or, with --kind cross-encoder|pairwise, trains a reranker on BM25 negatives. "
        + "Settings come from --config (YAML or JSON, keys as in docs/TRAINING.md) and are overridden by the options "
        + "below. Writes the model to OUT/model and evaluates a dual encoder on the test split.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunFolderOptions folder;
  @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint.")
  boolean resume;
  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where the BM25 index and encoded corpora are kept (default: $QUARRY_CACHE, else ~/.cache/quarry).")
  Path cache;

  @Option(names = "--kind", paramLabel = "KIND",
      description = "What to train: dense (a dual encoder), cross-encoder or pairwise (a reranker, a teacher); "
          + "default: ${DEFAULT-VALUE}.")
  ModelKind kind;
  @Option(names = "--model", paramLabel = "NAME|DIR|random:L:H",
      description = "Model to start from: an embedded model, a model folder, or a random BERT of L layers and hidden"
          + " size H (default: ${DEFAULT-VALUE}).")
  String model;
  @Option(names = "--negatives", paramLabel = "none|bm25|ance", description = "Hard negatives (default: ${DEFAULT-VALUE}).")
  MiningSettings.Negatives negatives;
  @Option(names = "--train-file", paramLabel = "FILE", description = "A ready training file (JSONL) instead of mining.")
  String trainFile;
  @Option(names = "--hard-negatives", paramLabel = "N",
      description = "Hard negatives per query in a step (default: ${DEFAULT-VALUE}).")
  Integer hardNegatives;
  @Option(names = "--window", paramLabel = "FROM:TO",
      description = "Ranks negatives are drawn from, 0-based, end excluded (default: ${DEFAULT-VALUE}).")
  String window;
  @Option(names = "--refresh-every", paramLabel = "STEPS",
      description = "ANCE: steps between refreshes of the negatives (default: ${DEFAULT-VALUE}).")
  Integer refreshEvery;
  @Option(names = "--dev-queries", paramLabel = "N",
      description = "Dev queries: the dev split's, else held out of training (default: ${DEFAULT-VALUE}).")
  Integer devQueries;
  @Option(names = "--dev-candidates", paramLabel = "N",
      description = "Passages a dev query ranks: its positives and first BM25 negatives (default: ${DEFAULT-VALUE}).")
  Integer devCandidates;
  @Option(names = "--eval-every", paramLabel = "STEPS",
      description = "Steps between dev evaluations, 0 for none (default: ${DEFAULT-VALUE}).")
  Integer evalEvery;

  @Mixin TrainingOptions options;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    Map<String, Object> overrides = ConfigDefaults.overrides(spec, TrainingConfig.Use.TRAIN);
    if (spec.commandLine().getParseResult().hasMatchedOption("--window")) {
      overrides.putAll(CommandChecks.option("--window", () -> window(window)));
    }
    TrainingConfig config = folder.prepare(overrides, TrainingConfig.Use.TRAIN, resume);
    IndexCache indexCache = IndexCache.at(cache);
    Map<String, Object> shown = folder.shown(resume);
    shown.put("cache", indexCache.root());
    shown.putAll(config.asMap(TrainingConfig.Use.TRAIN));
    console.configuration("train", shown);
    long start = System.nanoTime();
    TrainingPipeline.Outcome outcome = RunFolderOptions.training(() -> TrainingRun.of(config, folder.out, indexCache,
        ProgressBars.factory(spec.commandLine().getErr())).run(),
        "lower --batch-size, --passage-length or --hard-negatives, or raise --accumulation");
    console.throughput("trained", outcome.steps(), "steps", System.nanoTime() - start);
    console.info("model written to " + outcome.model() + " (see " + folder.out.resolve("curve.html") + ")");
    console.info("peak memory: " + PeakMemory.describe());
    if (config.kind.isReranker()) {
      console.info("evaluate the reranker with 'quarry rerank --reranker " + outcome.model() + "'");
    } else if (!config.testSplit.isEmpty()) {
      if (!outcome.onnx()) {
        console.info("no model.onnx (the weights do not fit the base model's graph): skipping the test evaluation");
      } else {
        TestEvaluation.run(spec, console, config, indexCache, outcome.model(), folder.out, "trained");
      }
    }
    return 0;
  }

  /** {@code --window FROM:TO} as the settings {@code windowFrom} and {@code windowTo}. */
  static Map<String, Object> window(String text) {
    String[] parts = text.split(":");
    try {
      if (parts.length != 2) {
        throw new NumberFormatException();
      }
      return Map.of("windowFrom", Integer.parseInt(parts[0].strip()), "windowTo", Integer.parseInt(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be FROM:TO, like 10:100; got " + text);
    }
  }
}
