/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import dev.quarry.core.ProgressFactory;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.Pooling;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.StartingModel;
import dev.quarry.train.TrainerSettings;
import dev.quarry.train.TrainingPipeline;
import dev.quarry.train.config.LoopSettings;
import dev.quarry.train.config.PretrainSettings;
import dev.quarry.train.config.Settings;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.core.training.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code pretrain} run on the one {@link TrainingPipeline}: the corpus read as pages ({@link PageCorpus}), checked
 * against what the tasks need (a task that needs links, given a corpus without them, stops the run before any work
 * with a line saying so), the pages each task can use, the model ({@link PretrainModel}: the encoder from its start,
 * with what the tasks add) and the {@link PretrainObjective}; the pipeline does the rest as for every run: the loop,
 * {@code log.jsonl} (each task kind's loss under {@code terms}), {@code curve.html}, checkpoints, bit-for-bit
 * {@code --resume}, and the encoder exported to {@code OUT/model}, which {@code evaluate --model}, {@code train
 * --model} and {@code distill --student} take. The run's examples are the corpus's pages (an epoch is a pass over
 * them), so the budget is {@code maxSteps} (the schedule's length) or the epochs, and {@code maxMinutes} stops it
 * sooner with a checkpoint.
 */
public final class PretrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(PretrainingRun.class);

  /** What a run did: the pipeline's outcome, and the corpus it read. */
  public record Outcome(TrainingPipeline.Outcome training, PageCorpus.Counts corpus,
      Map<PretrainTask, Integer> usable) {}

  private final TrainingConfig config;
  private final Path out;
  private final ProgressFactory progress;
  private PageCorpus corpus;
  /** For each task of the mix, the pages it can use (none empty): set with {@link #corpus}. */
  private Map<PretrainTask, int[]> usable;

  public PretrainingRun(TrainingConfig config, Path out, ProgressFactory progress) {
    config.validate(TrainingConfig.Use.PRETRAIN);
    this.config = config;
    this.out = out;
    this.progress = progress;
  }

  public Outcome run() {
    return run(step -> {});
  }

  /**
   * The corpus, read once and checked against the tasks, with the pages each task can use: a task the corpus cannot
   * feed (WLP without links, BFS without lead sections, ICT without a paragraph of two sentences) is refused here
   * with an {@link IllegalArgumentException} saying why, before any model is loaded.
   */
  public PageCorpus corpus() {
    if (corpus == null) {
      PretrainSettings p = config.pretrain;
      TaskMix mix = TaskMix.parse(p.task);
      if (p.queueSize > 0 && mix.tasks().stream().noneMatch(PretrainTask::isPair)) {
        throw Settings.invalid("queueSize", "needs a pair task (ict, bfs, wlp or crop) to take keys from; tasks "
            + mix, p.queueSize);
      }
      PageCorpus read = PageCorpus.open(p.corpus);
      read.require(mix);
      LOG.info("corpus {}", read);
      Map<PretrainTask, int[]> pages = new LinkedHashMap<>();
      for (PretrainTask t : mix.tasks()) {
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
          if (accepts(t, read.page(i), p)) {
            accepted.add(i);
          }
        }
        if (accepted.isEmpty()) {
          throw new IllegalArgumentException("task " + t + " finds no page it can use in corpus " + read.name()
              + (t == PretrainTask.ICT ? " (ICT needs paragraphs of two sentences or more)" : ""));
        }
        pages.put(t, accepted.stream().mapToInt(Integer::intValue).toArray());
        LOG.info("task {}: {} of {} pages usable", t, accepted.size(), read.size());
      }
      usable = pages;
      corpus = read;
    }
    return corpus;
  }

  /** Whether task {@code t} can draw from {@code page} (the pair tasks' own test; a passage for the others). */
  private static boolean accepts(PretrainTask t, PageCorpus.Page page, PretrainSettings p) {
    return switch (t) {
      case ICT -> new IctPairs(p.minSentenceWords, p.ictKeep).accepts(page);
      case BFS -> new BfsPairs(p.minSentenceWords).accepts(page);
      case WLP -> new WlpPairs(p.minSentenceWords).accepts(page);
      case CROP -> CropPairs.hasWords(page);
      case SGOPT, RETROMAE -> page.paragraphs().stream().anyMatch(x -> !x.text().isBlank());
    };
  }

  /** Runs; {@code afterStep} sees every finished step (tests stop a run there as if killed). */
  public Outcome run(LongConsumer afterStep) {
    PretrainSettings p = config.pretrain;
    LoopSettings loop = config.loop;
    TaskMix mix = TaskMix.parse(p.task);
    PageCorpus corpus = corpus();

    StartingModel start = StartingModel.of(config.model, config.seed);
    ModelSource source = withPooling(start.source(), p.pooling);
    try (WordPieces pieces = new WordPieces(source)) {
      Map<PretrainTask, PairSource> sources = new LinkedHashMap<>();
      for (PretrainTask t : mix.tasks()) {
        switch (t) {
          case ICT -> sources.put(t, new IctPairs(p.minSentenceWords, p.ictKeep));
          case BFS -> sources.put(t, new BfsPairs(p.minSentenceWords));
          case WLP -> sources.put(t, new WlpPairs(p.minSentenceWords));
          case CROP -> sources.put(t, new CropPairs(pieces, loop.passageLength - 2, p.cropMin, p.cropMax,
              p.cropDeletion));
          default -> { }
        }
      }
      Map<PretrainTask, Integer> counts = new LinkedHashMap<>();
      usable.forEach((t, pages) -> counts.put(t, pages.length));
      List<TrainingExample> examples = new ArrayList<>();
      Map<String, String> ids = new HashMap<>();
      for (int i = 0; i < corpus.size(); i++) {
        int page = i;
        if (usable.values().stream().anyMatch(u -> java.util.Arrays.binarySearch(u, page) >= 0)) {
          String id = Integer.toString(i);
          examples.add(new TrainingExample(id, id, List.of(new TrainingExample.Passage(id, id, null)), List.of(),
              List.of()));
          ids.put(id, id);
        }
      }
      TrainerSettings settings = trainerSettings(examples.size());
      PretrainModel model = model(start, source, mix);
      PretrainObjective objective = new PretrainObjective(model, corpus, mix, sources, usable, pieces,
          new PretrainObjective.Settings(config.seed, (float) loop.temperature, (float) loop.dropout,
              loop.passageLength, p.encoderMask, p.decoderMask, p.sgoptLambda, (float) p.sgoptTemperature));
      try (TrainingPipeline pipeline = new TrainingPipeline(out, objective, settings, progress)) {
        TrainingPipeline.Outcome outcome = pipeline.train(examples, ids, "Pre-training "
            + (config.model.startsWith(StartingModel.RANDOM) ? config.model : start.source().shortName()) + " on "
            + corpus.name() + " (" + mix + (p.queueSize > 0 ? ", MoCo queue " + p.queueSize : "") + ")",
            session -> session.afterEachStep(afterStep));
        return new Outcome(outcome, corpus.counts(), counts);
      }
    }
  }

  /** The loop: the budget's steps (the epochs made to cover them), no hard negatives, no evaluation. */
  TrainerSettings trainerSettings(int examples) {
    LoopSettings l = config.loop;
    int batch = Math.min(l.batchSize, examples);
    long perEpoch = Math.max(1, examples / batch);
    int epochs = config.pretrain.maxSteps > 0 ? (int) Math.max(1, (config.pretrain.maxSteps + perEpoch - 1) / perEpoch)
        : l.epochs;
    return new TrainerSettings(epochs, l.batchSize, 0, l.accumulation, l.learningRate, l.warmup, l.weightDecay,
        l.maxGradNorm, 0, l.checkpointEvery, 0, config.seed, false, config.pretrain.maxSteps,
        config.pretrain.maxMinutes);
  }

  private static ModelSource withPooling(ModelSource source, PretrainSettings.PoolingChoice pooling) {
    if (pooling == PretrainSettings.PoolingChoice.model) {
      return source;
    }
    EncoderRecipe r = source.recipe();
    Pooling chosen = pooling == PretrainSettings.PoolingChoice.cls ? Pooling.CLS : Pooling.MEAN;
    return source.withRecipe(new EncoderRecipe(chosen, r.normalize(), r.queryPrefix(), r.passagePrefix(),
        r.maxLength()));
  }

  private PretrainModel model(StartingModel start, ModelSource source, TaskMix mix) {
    LoopSettings l = config.loop;
    PretrainSettings p = config.pretrain;
    BertEncoder encoder = new BertEncoder(source, start.weights(), l.queryLength, l.passageLength, 32);
    encoder.setDropout((float) l.dropout);
    MomentumEncoder momentum = null;
    MocoQueue queue = null;
    if (p.queueSize > 0) {
      momentum = new MomentumEncoder(new BertEncoder(source, start.weights(), l.queryLength, l.passageLength, 32),
          p.momentum);
      queue = new MocoQueue(p.queueSize, encoder.config().hidden());
    }
    HeadWeights heads = new HeadWeights(config.seed);
    BertEncoder frozen = null;
    ProjectionHead projection = null;
    if (mix.has(PretrainTask.SGOPT)) {
      frozen = new BertEncoder(source, start.weights(), l.queryLength, l.passageLength, 32);
      projection = new ProjectionHead(heads, "sgopt.projection.", encoder.config().hidden(), p.sgoptProjection);
    }
    MlmHead mlm = null;
    RetroMaeDecoder decoder = null;
    if (mix.has(PretrainTask.RETROMAE)) {
      mlm = new MlmHead(heads, "retromae.mlm.", encoder.config().hidden(),
          encoder.parameters().get("embeddings.word_embeddings.weight"), encoder.config().layerNormEps());
      decoder = new RetroMaeDecoder(heads, "retromae.decoder.", encoder.config(), (float) l.dropout);
    }
    return new PretrainModel(encoder, momentum, queue, frozen, heads, projection, mlm, decoder);
  }
}
