/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.dense;

import dev.quarry.core.Phase;
import dev.quarry.core.Progress;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.vector.Encoder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.search.IndexCache;
import dev.quarry.onnx.ModelKind;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.RetrievalModel;
import dev.quarry.train.colbert.ColbertModel;
import dev.quarry.train.StartingModel;
import dev.quarry.train.TrainerSettings;
import dev.quarry.train.TrainingPipeline;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.TrainingSet;
import dev.quarry.train.config.MiningSettings.Negatives;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.core.training.NegativeMiner;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.train.loss.ContrastiveLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A first-stage retriever, a dual encoder or ColBERT ({@code kind: colbert}, Khattab and Zaharia 2020: MaxSim over
 * token vectors, trained with the same in-batch and BM25 negatives), fine-tuned on a BEIR split, on the
 * {@link TrainingPipeline}: positives from the split's qrels,
 * negatives from BM25's ranks (DPR, Karpukhin et al. 2020), from the model's own ranks refreshed as it trains (ANCE,
 * Xiong et al., ICLR 2021), none (in-batch only), or a given training file; dev queries held out for the curve;
 * InfoNCE over in-batch and hard negatives ({@link ContrastiveObjective}). Besides the pipeline's files, the run
 * folder has {@code work/} while ANCE refreshes (deleted at the end).
 */
public final class DenseTrainingRun implements TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(DenseTrainingRun.class);

  private final TrainingConfig config;
  private final Path out;
  private final IndexCache cache;
  private final ProgressFactory progress;

  /** @param cache where the BM25 index of the corpus is kept (built once, shared with every command) */
  public DenseTrainingRun(TrainingConfig config, Path out, IndexCache cache, ProgressFactory progress) {
    config.validate(TrainingConfig.Use.TRAIN);
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
    Qrels qrels = set.qrels();
    Qrels devQrels = data.splits().contains("dev") ? data.qrels("dev") : qrels;
    NegativeMiner miner = new NegativeMiner(config.mining.windowFrom, config.mining.windowTo);
    TrainingPipeline.Examples examples = TrainingPipeline.examples(out, corpus,
        () -> mine(data, corpus, qrels, devQrels, miner));
    LOG.info("{} training queries, {} dev queries", examples.train().size(), examples.dev().size());

    StartingModel start = StartingModel.of(config.model, config.seed);
    BertEncoder encoder = new BertEncoder(start.source(), start.weights(), config.loop.queryLength,
        config.loop.passageLength, 32);
    encoder.setDropout((float) config.loop.dropout);
    RetrievalModel model = config.kind == ModelKind.COLBERT
        ? new ColbertModel(encoder, ColbertModel.savedProjection(start.source()), config.loop.queryLength,
            config.loop.passageLength, ColbertModel.INDEX_LENGTH, config.seed)
        : encoder;
    ContrastiveLoss loss = new ContrastiveLoss((float) config.loop.temperature);
    try (TrainingPipeline pipeline = new TrainingPipeline(out, new ContrastiveObjective(model, loss),
        TrainerSettings.of(config), progress)) {
      List<TrainingExample> train = examples.train();
      Path work = out.resolve("work");
      boolean ance = config.mining.negatives == Negatives.ance;
      Refresh refresh = ance ? new Refresh(encoder, data.corpusFile(), work, qrels, corpus, miner) : null;
      if (ance && pipeline.resumeStep() == 0) {
        train = refresh.refresh(train, 0);
        TrainingData.write(out.resolve("train.jsonl"), train, false);
      }
      DevSet dev = examples.dev().isEmpty() ? null
          : new DevSet(examples.dev(), devQrels, config.mining.devCandidates);
      TrainingPipeline.Outcome outcome = pipeline.train(train, corpus, "Training " + start.source().shortName()
          + " on " + data.name() + " (" + config.mining.negatives + " negatives)",
          session -> session.withEvaluation(dev == null ? null : () -> dev.evaluate(model, loss))
              .withRefresher(refresh == null ? null : refresh::refresh).afterEachStep(afterStep));
      deleteQuietly(work);
      return outcome;
    }
  }

  /**
   * Training examples with negatives from BM25 (or none, or a training file), and the dev examples: the dataset's dev
   * split, else queries held out of training; dev pools always come from BM25, whatever the training negatives.
   */
  private TrainingPipeline.Examples mine(BeirDataset data, Map<String, String> corpus, Qrels qrels, Qrels devQrels,
      NegativeMiner miner) {
    Path index = cache.bm25(data.corpusFile(), false, progress).path();
    try (Retriever bm25 = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
      List<TrainingExample> mined;
      if (config.mining.trainFile != null) {
        mined = TrainingData.read(Path.of(config.mining.trainFile), corpus);
      } else {
        try (ProgressFactory.Tracker p = progress.start(Phase.MINING, -1)) {
          mined = miner.mine(data.queries(), qrels, corpus, config.mining.negatives == Negatives.bm25 ? bm25 : null,
              config.threads, p);
        }
      }
      if (data.splits().contains("dev")) {
        List<TrainingExample> dev = miner.mine(data.queries(), devQrels, corpus, bm25, config.threads, Progress.NONE);
        return new TrainingPipeline.Examples(mined, dev.subList(0, Math.min(config.mining.devQueries, dev.size())));
      }
      List<TrainingExample> shuffled = new ArrayList<>(mined);
      Collections.shuffle(shuffled, new Random(config.seed));
      List<TrainingExample> heldOut = shuffled.subList(0, Math.min(config.mining.devQueries, shuffled.size() / 5));
      Set<String> held = heldOut.stream().map(TrainingExample::queryId).collect(Collectors.toSet());
      List<TrainingExample> dev = miner.remine(heldOut, qrels, corpus, bm25, config.threads, Progress.NONE);
      return new TrainingPipeline.Examples(mined.stream().filter(e -> !held.contains(e.queryId())).toList(), dev);
    }
  }

  /**
   * ANCE's refresh: encode the corpus with the current weights (through ONNX Runtime when the weights fit the base
   * model's graph, else with the DJL encoder itself), index it, and mine new negatives from it.
   */
  private final class Refresh {
    private final BertEncoder encoder;
    private final Path corpusFile;
    private final Path work;
    private final Qrels qrels;
    private final Map<String, String> corpus;
    private final NegativeMiner miner;

    Refresh(BertEncoder encoder, Path corpusFile, Path work, Qrels qrels, Map<String, String> corpus,
        NegativeMiner miner) {
      this.encoder = encoder;
      this.corpusFile = corpusFile;
      this.work = work;
      this.qrels = qrels;
      this.corpus = corpus;
      this.miner = miner;
    }

    List<TrainingExample> refresh(List<TrainingExample> current, long step) {
      Path snapshot = work.resolve("ance-model");
      Path index = work.resolve("ance-index");
      try {
        deleteQuietly(snapshot);
        boolean onnx = encoder.export(snapshot);
        Encoder indexer = onnx
            ? new OnnxEncoder(ModelRegistry.resolve(snapshot.toString()), OnnxEncoder.DEFAULT_BATCH, config.threads,
                config.loop.passageLength)
            : new NonClosingEncoder(encoder);
        try (ProgressFactory.Tracker p = progress.start(Phase.REFRESHING, -1)) {
          new DenseIndexBuilder(DenseIndexSettings.FLAT, config.threads).build(corpusFile, indexer, index, true, p,
              Progress.NONE);
        }
        try (DenseRetriever retriever = DenseRetriever.open(index, indexer, DenseSearchSettings.DEFAULTS)) {
          List<TrainingExample> refreshed = miner.remine(current, qrels, corpus, retriever, config.threads,
              Progress.NONE);
          LOG.info("step {}: negatives refreshed with the current model", step);
          return refreshed;
        }
      } finally {
        deleteQuietly(index);
        deleteQuietly(snapshot);
      }
    }
  }

  /**
   * The DJL encoder as a refresh's corpus and query encoder: it stays open after the retriever that borrows it closes,
   * and runs one call at a time, since the retriever encodes queries from several threads and the encoder is not
   * thread-safe.
   */
  private record NonClosingEncoder(BertEncoder inner) implements Encoder {
    @Override
    public String modelId() {
      return inner.modelId();
    }

    @Override
    public int dimension() {
      return inner.dimension();
    }

    @Override
    public float[][] encodeQueries(List<String> queries) {
      synchronized (inner) {
        return inner.encodeQueries(queries);
      }
    }

    @Override
    public float[][] encodePassages(List<String> passages) {
      synchronized (inner) {
        return inner.encodePassages(passages);
      }
    }

    @Override
    public void close() {}
  }

  private static void deleteQuietly(Path dir) {
    try {
      AtomicDirectory.deleteRecursively(dir);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
