/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.rerank;

import dev.quarry.core.Phase;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.search.IndexCache;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.StartingModel;
import dev.quarry.train.TrainerSettings;
import dev.quarry.train.TrainingPipeline;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.TrainingSet;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.core.training.NegativeMiner;
import dev.quarry.core.training.TrainingExample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a reranker (a cross-encoder or a pairwise reranker, as {@code kind} says) on a BEIR split, on the
 * {@link TrainingPipeline}: positives from the qrels, hard negatives from BM25's ranks {@code windowFrom..windowTo},
 * and {@link RerankerObjective}. Since no reranker weights can be downloaded here, this is how Quarry gets its
 * teachers. A model folder that is a reranker of the same kind goes on with its trained head; any other model gets a
 * new head on its encoder.
 */
public final class RerankerTrainingRun implements TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(RerankerTrainingRun.class);
  private final TrainingConfig config;
  private final Path out;
  private final IndexCache cache;
  private final ProgressFactory progress;

  public RerankerTrainingRun(TrainingConfig config, Path out, IndexCache cache, ProgressFactory progress) {
    config.validate(TrainingConfig.Use.TRAIN);
    if (!config.kind.isReranker()) {
      throw new IllegalArgumentException("a reranker run trains a cross-encoder or a pairwise reranker, not a "
          + config.kind + " model");
    }
    this.config = config;
    this.out = out;
    this.cache = cache;
    this.progress = progress;
  }

  @Override
  public TrainingPipeline.Outcome run(LongConsumer afterStep) {
    TrainingSet set = TrainingSet.of(config);
    BeirDataset data = set.data();
    Map<String, String> corpus = set.corpus();
    List<TrainingExample> examples = TrainingPipeline.examples(out, corpus, () -> mine(data, corpus, set.qrels()))
        .train();
    StartingModel start = StartingModel.of(config.model, config.seed);
    EncoderRecipe recipe = new EncoderRecipe(Pooling.CLS, false, "", "", config.loop.passageLength);
    Map<String, Safetensors.Tensor> head = start.source().folder() == null ? null
        : RerankerExport.head(start.source().folder(), config.kind).orElse(null);
    if (head != null) {
      LOG.info("going on from the trained {} head in {}", config.kind, start.source().folder());
    }
    BertEncoder encoder = new BertEncoder(start.source(), recipe, start.weights(), config.loop.queryLength,
        config.loop.passageLength, 16);
    encoder.setDropout((float) config.loop.dropout);
    CrossEncoderHead reranker = new CrossEncoderHead(encoder, config.kind, head, config.seed);
    try (TrainingPipeline pipeline = new TrainingPipeline(out, new RerankerObjective(reranker),
        TrainerSettings.of(config), progress)) {
      return pipeline.train(examples, corpus, "Training a " + config.kind + " reranker from "
          + start.source().shortName() + " on " + data.name(), session -> session.afterEachStep(afterStep));
    }
  }

  /** Queries with at least {@code hardNegatives} passages not judged relevant in BM25's window; the rest left out. */
  private TrainingPipeline.Examples mine(BeirDataset data, Map<String, String> corpus, Qrels qrels) {
    int needed = config.mining.hardNegatives;
    List<TrainingExample> examples;
    try (Retriever bm25 = new Bm25Searcher(cache.bm25(data.corpusFile(), false, progress).path(),
        Bm25Settings.ANSERINI); ProgressFactory.Tracker p = progress.start(Phase.MINING, -1)) {
      examples = new NegativeMiner(config.mining.windowFrom, config.mining.windowTo).mine(data.queries(), qrels,
          corpus, bm25, config.threads, p);
    }
    int mined = examples.size();
    examples = examples.stream().filter(e -> e.negatives().size() >= needed).toList();
    if (examples.size() < mined) {
      LOG.info("{} of {} training queries have fewer than {} passages not judged relevant in BM25's ranks {} to {}"
          + " and are left out", mined - examples.size(), mined, needed, config.mining.windowFrom,
          config.mining.windowTo);
    }
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training query has " + needed + " BM25 negatives in ranks "
          + config.mining.windowFrom + " to " + config.mining.windowTo + "; widen --window or lower --hard-negatives");
    }
    return new TrainingPipeline.Examples(examples, List.of());
  }
}
