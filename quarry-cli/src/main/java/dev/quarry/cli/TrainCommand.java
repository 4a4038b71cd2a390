package dev.quarry.cli;

import dev.quarry.core.PeakMemory;
import dev.quarry.train.TrainingConfig;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.rerank.RerankerObjective;
import dev.quarry.train.rerank.RerankerTrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry train}: fine-tunes a dual encoder with contrastive learning and hard negatives. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Fine-tunes a dual encoder (one shared tower) on a BEIR split with InfoNCE over in-batch and hard " +
        "negatives: none (in-batch only), bm25 (DPR), or ance (mined by the model itself, refreshed every " +
        "--refresh-every steps). Settings come from --config (YAML or JSON, keys as in docs/TRAINING.md) and are " +
        "overridden by the options below. Writes the model to OUT/model and evaluates it on the test split.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run's folder.")
  Path out;

  @Option(names = "--config", paramLabel = "FILE", description = "A YAML or JSON file of settings.")
  Path configFile;

  @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint.")
  boolean resume;

  @Option(names = "--overwrite", description = "Start again, deleting --out.")
  boolean overwrite;

  @Option(names = "--dataset", paramLabel = "DIR|NAME", description = "BEIR dataset (default: scifact).")
  String dataset;
  @Option(names = "--split", paramLabel = "SPLIT", description = "Training split (default: train).")
  String split;
  @Option(names = "--max-queries", paramLabel = "N",
      description = "Train on a seeded sample of N of the split's queries (default: 0, all).")
  Integer maxQueries;
  @Option(names = "--model", paramLabel = "NAME|DIR", description = "Model to start from (default: bge-small-en-v1.5).")
  String model;
  @Option(names = "--kind", paramLabel = "dense|cross_encoder|pairwise",
      description = "What to train: a dual encoder, or a reranker to use as a teacher (default: dense).")
  TrainingConfig.Kind kind;
  @Option(names = "--negatives", paramLabel = "none|bm25|ance", description = "Hard negatives (default: bm25).")
  TrainingConfig.Negatives negatives;
  @Option(names = "--train-file", paramLabel = "FILE", description = "A ready training file (JSONL) instead of mining.")
  String trainFile;
  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training queries (default: 2).")
  Integer epochs;
  @Option(names = "--batch-size", paramLabel = "N", description = "Queries per step (default: 32).")
  Integer batchSize;
  @Option(names = "--hard-negatives", paramLabel = "N", description = "Hard negatives per query (default: 1).")
  Integer hardNegatives;
  @Option(names = "--accumulation", paramLabel = "N",
      description = "Micro-batches per step, to fit memory; each scores its own in-batch passages (default: 1).")
  Integer accumulation;
  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default: 2e-5).")
  Double learningRate;
  @Option(names = "--warmup", paramLabel = "FRACTION", description = "Warm-up share of the steps (default: 0.1).")
  Double warmup;
  @Option(names = "--weight-decay", paramLabel = "W", description = "AdamW weight decay (default: 0.01).")
  Double weightDecay;
  @Option(names = "--max-grad-norm", paramLabel = "N", description = "Gradient clipping norm, 0 for none (default: 1).")
  Double maxGradNorm;
  @Option(names = "--temperature", paramLabel = "T", description = "InfoNCE temperature (default: 0.05).")
  Double temperature;
  @Option(names = "--dropout", paramLabel = "P", description = "Dropout while training (default: 0.1).")
  Double dropout;
  @Option(names = "--query-length", paramLabel = "TOKENS", description = "Tokens kept per query (default: 64).")
  Integer queryLength;
  @Option(names = "--passage-length", paramLabel = "TOKENS", description = "Tokens kept per passage (default: 256).")
  Integer passageLength;
  @Option(names = "--window", paramLabel = "FROM:TO",
      description = "Ranks negatives are drawn from, 0-based, end excluded (default: 10:100).")
  String window;
  @Option(names = "--refresh-every", paramLabel = "STEPS", description = "ANCE: steps between refreshes.")
  Integer refreshEvery;
  @Option(names = "--dev-queries", paramLabel = "N",
      description = "Dev queries (the dev split's, else held out of training; default: 80).")
  Integer devQueries;
  @Option(names = "--eval-every", paramLabel = "STEPS", description = "Steps between dev evaluations, 0 for none.")
  Integer evalEvery;
  @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Steps between checkpoints (default: 10).")
  Integer checkpointEvery;
  @Option(names = "--seed", paramLabel = "N", description = "Random seed; a run repeats exactly (default: 42).")
  Long seed;
  @Option(names = "--threads", paramLabel = "N", description = "Threads for mining and encoding (default: cores).")
  Integer threads;
  @Option(names = "--test-split", paramLabel = "SPLIT", description = "Split evaluated at the end, '' to skip (default: test).")
  String testSplit;

  @Override
  public Integer call() throws Exception {
    Console console = new Console(spec.commandLine().getErr());
    TrainingConfig requested = configFile != null ? TrainingConfig.read(configFile) : new TrainingConfig();
    List<String> overridden = applyOverrides(requested);
    TrainingConfig config = TrainingRun.prepare(requested, out, resume, overwrite);
    if (resume && !overridden.isEmpty()) {
      throw new IllegalArgumentException("--resume continues with the saved " + out.resolve("config.json")
          + "; drop " + String.join(", ", overridden));
    }
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("out", out.toAbsolutePath().normalize() + (resume ? " (resuming)" : ""));
    shown.putAll(config.asMap());
    console.configuration("train", shown);
    long start = System.nanoTime();
    TrainingRun.Result result;
    try {
      if (config.kind != TrainingConfig.Kind.dense) {
        RerankerObjective.Kind kind = config.kind == TrainingConfig.Kind.pairwise
            ? RerankerObjective.Kind.PAIRWISE : RerankerObjective.Kind.CROSS_ENCODER;
        Path model = new RerankerTrainingRun(config, kind, out, ProgressSinks.factory(spec)).run();
        console.info(String.format(Locale.ROOT, "trained the reranker in %.1f s",
            (System.nanoTime() - start) / 1e9));
        console.info("reranker written to " + model + "; evaluate it with 'quarry rerank'");
        console.info("peak memory: " + PeakMemory.describe());
        return 0;
      }
      result = new TrainingRun(config, out, ProgressSinks.factory(spec)).run();
    } catch (ai.djl.engine.EngineException e) {
      if (String.valueOf(e.getMessage()).contains("alloc")) {
        throw new IllegalStateException("out of memory in PyTorch: lower --batch-size, --passage-length or"
            + " --hard-negatives, or raise --accumulation");
      }
      throw e;
    }
    console.throughput("trained", result.steps(), "steps", System.nanoTime() - start);
    console.info("model written to " + result.model() + " (see " + out.resolve("curve.html") + ")");
    console.info("peak memory: " + PeakMemory.describe());
    if (config.testSplit != null && !config.testSplit.isEmpty()) {
      if (!result.onnx()) {
        console.info("no model.onnx (the weights do not fit the base model's graph): skipping the test evaluation");
      } else {
        List<String> args = new ArrayList<>(List.of("evaluate", "--dataset", config.dataset, "--split",
            config.testSplit, "--retriever", "dense", "--model", result.model().toString(), "--run",
            out.resolve(config.testSplit + ".trec").toString(), "--tag", "trained"));
        CommandLine evaluate = spec.commandLine().getParent() == null ? null : spec.commandLine().getParent();
        int code = evaluate.execute(args.toArray(String[]::new));
        if (code != 0) {
          return code;
        }
      }
    }
    return 0;
  }

  private List<String> applyOverrides(TrainingConfig config) {
    List<String> names = new ArrayList<>();
    if (window != null) {
      String[] parts = window.split(":");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        config.windowFrom = Integer.parseInt(parts[0].strip());
        config.windowTo = Integer.parseInt(parts[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--window must be FROM:TO, like 10:100; got " + window);
      }
      names.add("--window");
    }
    names.addAll(Overrides.apply(this, config, List.of("window")));
    return names;
  }
}
