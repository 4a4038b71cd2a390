/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.quarry.core.Progress;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.rerank.PointwiseTeacher;
import dev.quarry.rerank.RunReranker;
import dev.quarry.rerank.TeacherScoreCache;
import dev.quarry.search.DatasetEvaluation;
import dev.quarry.search.IndexCache;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.train.distill.DistillationRun;
import dev.quarry.train.pretrain.PretrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A configuration that checks itself, as Anserini's regressions do: a file of {@code configs/} with a
 * {@code reproduce:} block saying which command it is for, the figures it produced (metric, value, tolerance on the
 * test split), and the hardware and time that took. {@link #run} runs it (trains, distills, or only evaluates) and
 * evaluates the result with the project's own evaluator; {@link #check} compares.
 *
 * <pre>
 * reproduce:
 *   command: train             # train | distill | evaluate | pretrain
 *   expected:
 *     - {metric: ndcg@10, value: 0.7432, tolerance: 0.003}
 *   hardware: 2-core AMD EPYC, 24 GB
 *   took: 38 min
 * </pre>
 *
 * <p>A trained dual encoder is evaluated on the configuration's {@code testSplit}, a distillation's last round too;
 * a trained cross-encoder reranks BM25's top 100 there, and a pairwise reranker reorders BM25's top 10. An
 * {@code evaluate} configuration has only {@code dataset}, {@code split} (default test), {@code retriever} (bm25 or
 * dense) and {@code model}. A {@code pretrain} configuration names in its block the dataset its encoder is evaluated
 * on zero-shot ({@code dataset:}, and {@code split:}, default test), and must stop at {@code maxSteps}, not at a
 * time limit ({@code maxMinutes: 0}): a time limit stops at a step count that depends on the machine's speed.
 */
public final class Reproduction {
  /** Which command a configuration is for. */
  public enum Command { TRAIN, DISTILL, EVALUATE, PRETRAIN }

  /** A figure the configuration produced: the metric's mean over the split's queries, within a tolerance. */
  public record Expectation(Metric metric, double value, double tolerance) {
    public Expectation {
      if (!(tolerance >= 0)) {
        throw new IllegalArgumentException("tolerance must not be negative; got " + tolerance);
      }
    }
  }

  /** An expectation and what the run gave. */
  public record Check(Expectation expected, double got) {
    public boolean passed() {
      return Math.abs(got - expected.value()) <= expected.tolerance() + 1e-12;
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> EVALUATE_KEYS = Set.of("dataset", "split", "retriever", "model");
  private static final int RERANK_DEPTH = 100;
  private static final int PAIRWISE_DEPTH = 10;

  private final Path file;
  private final Command command;
  private final List<Expectation> expected;
  private final String hardware;
  private final String took;
  private final Map<String, Object> settings;
  /** Pretrain: the dataset and split the encoder is evaluated on (null for the other commands). */
  private final String evaluationDataset;
  private final String evaluationSplit;

  private Reproduction(Path file, Command command, List<Expectation> expected, String hardware, String took,
      Map<String, Object> settings, String evaluationDataset, String evaluationSplit) {
    this.file = file;
    this.evaluationDataset = evaluationDataset;
    this.evaluationSplit = evaluationSplit;
    this.command = command;
    this.expected = List.copyOf(expected);
    this.hardware = hardware;
    this.took = took;
    this.settings = settings;
  }

  /** Reads a configuration's {@code reproduce:} block; a file without one is refused, naming the file. */
  @SuppressWarnings("unchecked")
  public static Reproduction read(Path file) {
    Map<String, Object> settings;
    try {
      settings = YAML.readValue(file.toFile(), LinkedHashMap.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Object block = settings == null ? null : settings.remove(TrainingConfig.REPRODUCE);
    if (!(block instanceof Map<?, ?> reproduce)) {
      throw new IllegalArgumentException(file + " has no 'reproduce:' block (command, expected figures) to check");
    }
    Command command;
    try {
      command = Command.valueOf(String.valueOf(reproduce.get("command")).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": reproduce.command must be train, distill, evaluate or pretrain;"
          + " got " + reproduce.get("command"));
    }
    Object dataset = reproduce.get("dataset");
    if ((command == Command.PRETRAIN) != (dataset != null)) {
      throw new IllegalArgumentException(file + (dataset == null
          ? ": reproduce.dataset must name the dataset a pre-trained encoder is evaluated on, like scifact"
          : ": reproduce.dataset is for pretrain only; " + command.name().toLowerCase(Locale.ROOT)
              + " takes the dataset from the configuration"));
    }
    List<Expectation> expected = new ArrayList<>();
    Object list = reproduce.get("expected");
    if (!(list instanceof List<?> items) || items.isEmpty()) {
      throw new IllegalArgumentException(file + ": reproduce.expected must list the figures, like"
          + " [{metric: ndcg@10, value: 0.7432, tolerance: 0.003}]");
    }
    for (Object item : items) {
      Map<String, Object> e = (Map<String, Object>) item;
      try {
        expected.add(new Expectation(Metric.parse(String.valueOf(e.get("metric"))), number(e, "value"),
            number(e, "tolerance")));
      } catch (IllegalArgumentException problem) {
        throw new IllegalArgumentException(file + ": reproduce.expected " + item + ": " + problem.getMessage());
      }
    }
    Reproduction r = new Reproduction(file, command, expected, String.valueOf(reproduce.get("hardware")),
        String.valueOf(reproduce.get("took")), settings, dataset == null ? null : String.valueOf(dataset),
        reproduce.get("split") == null ? "test" : String.valueOf(reproduce.get("split")));
    r.validate();
    return r;
  }

  private static double number(Map<String, Object> item, String key) {
    if (!(item.get(key) instanceof Number n)) {
      throw new IllegalArgumentException(key + " must be a number");
    }
    return n.doubleValue();
  }

  /** Checks the configuration itself: the settings of its command read and validate. */
  private void validate() {
    switch (command) {
      case TRAIN -> trainingConfig(TrainingConfig.Use.TRAIN);
      case DISTILL -> trainingConfig(TrainingConfig.Use.DISTILL);
      case PRETRAIN -> {
        if (trainingConfig(TrainingConfig.Use.PRETRAIN).pretrain.maxMinutes > 0) {
          throw new IllegalArgumentException(file + ": maxMinutes must be 0 in a configuration that reproduces: a"
              + " time limit stops at a step count that depends on the machine's speed; set maxSteps");
        }
      }
      case EVALUATE -> {
        for (String key : settings.keySet()) {
          if (!EVALUATE_KEYS.contains(key)) {
            throw new IllegalArgumentException(file + ": unknown setting '" + key + "' for evaluate; the settings: "
                + String.join(", ", EVALUATE_KEYS.stream().sorted().toList()));
          }
        }
        String retriever = String.valueOf(settings.getOrDefault("retriever", "bm25"));
        if (!retriever.equals("bm25") && !retriever.equals("dense")) {
          throw new IllegalArgumentException(file + ": retriever must be bm25 or dense; got " + retriever);
        }
      }
    }
  }

  private TrainingConfig trainingConfig(TrainingConfig.Use use) {
    try {
      return TrainingConfig.of(settings, use, Map.of());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public Command command() {
    return command;
  }

  public List<Expectation> expected() {
    return expected;
  }

  public String hardware() {
    return hardware;
  }

  public String took() {
    return took;
  }

  /**
   * Runs the configuration and evaluates what it gives.
   *
   * @param out the run folder of a training or distillation (ignored by {@code evaluate})
   * @param resume continue the run in {@code out}; {@code overwrite}: replace it; neither: {@code out} must not exist
   */
  public Evaluation run(Path out, boolean resume, boolean overwrite, IndexCache cache, ProgressFactory progress) {
    if (command == Command.EVALUATE) {
      BeirDataset data = DatasetLocator.locate(String.valueOf(settings.getOrDefault("dataset", "scifact")));
      String split = String.valueOf(settings.getOrDefault("split", "test"));
      int threads = Runtime.getRuntime().availableProcessors();
      Run run = "dense".equals(settings.get("retriever"))
          ? DatasetEvaluation.dense(data, split, ModelRegistry.resolve(String.valueOf(settings.getOrDefault("model",
              ModelRegistry.DEFAULT_MODEL))), cache, threads, progress).run()
          : DatasetEvaluation.bm25(data, split, cache, threads, progress).run();
      return evaluate(data, split, run);
    }
    TrainingConfig.Use use = switch (command) {
      case TRAIN -> TrainingConfig.Use.TRAIN;
      case DISTILL -> TrainingConfig.Use.DISTILL;
      default -> TrainingConfig.Use.PRETRAIN;
    };
    TrainingConfig config = RunFolder.prepare(file, Map.of(), use, out, resume, overwrite);
    if (command == Command.PRETRAIN) {
      Path model = new PretrainingRun(config, out, progress).run().training().model();
      BeirDataset data = DatasetLocator.locate(evaluationDataset);
      return evaluate(data, evaluationSplit, DatasetEvaluation.model(data, evaluationSplit,
          ModelRegistry.resolve(model.toString()), cache, config.threads, progress).run());
    }
    BeirDataset data = DatasetLocator.locate(config.dataset);
    Path model;
    if (command == Command.DISTILL) {
      List<DistillationRun.Round> rounds = new DistillationRun(config, out, cache, progress).run();
      model = rounds.get(rounds.size() - 1).model();
    } else {
      model = TrainingRun.of(config, out, cache, progress).run().model();
      if (config.kind.isReranker()) {
        return evaluate(data, config.testSplit, rerankBm25(data, config, model, cache, progress));
      }
    }
    return evaluate(data, config.testSplit, DatasetEvaluation.model(data, config.testSplit,
        ModelRegistry.resolve(model.toString()), cache, config.threads, progress).run());
  }

  /** {@code run} scored with {@code evaluate}'s metrics and every expected one. */
  private Evaluation evaluate(BeirDataset data, String split, Run run) {
    Set<Metric> metrics = new LinkedHashSet<>(DatasetEvaluation.METRICS);
    expected.forEach(e -> metrics.add(e.metric()));
    return new Evaluator(data.qrels(split), List.copyOf(metrics)).evaluate(run);
  }

  /** A cross-encoder reranks BM25's top 100 of the test split; a pairwise reranker reorders BM25's top 10. */
  private static Run rerankBm25(BeirDataset data, TrainingConfig config, Path model, IndexCache cache,
      ProgressFactory progress) {
    Run bm25 = DatasetEvaluation.bm25(data, config.testSplit, cache, config.threads, progress).run();
    Queries queries = data.queries().filter(bm25.queryIds()::contains);
    Map<String, String> corpus = data.corpusTexts();
    boolean pairwise = config.kind == ModelKind.PAIRWISE;
    try (PointwiseTeacher pointwise = PointwiseTeacher.open(List.of(pairwise ? PointwiseTeacher.BM25
            : model.toString()), cache, data.corpusFile(), config.threads);
        OnnxPairwiseReranker duo = pairwise ? new OnnxPairwiseReranker(model, 8, config.threads) : null;
        TeacherScoreCache pairCache = pairwise ? new TeacherScoreCache(TeacherScoreCache.fileFor(
            cache.teachers(data.corpusFile()), model.toString())) : null) {
      return new RunReranker(pointwise, RERANK_DEPTH, duo, pairCache, PAIRWISE_DEPTH).rerank(bm25, queries, corpus,
          Progress.NONE);
    }
  }

  /** Each expectation against {@code got}. */
  public List<Check> check(Evaluation got) {
    List<Check> checks = new ArrayList<>();
    for (Expectation e : expected) {
      checks.add(new Check(e, got.mean(e.metric())));
    }
    return checks;
  }
}
