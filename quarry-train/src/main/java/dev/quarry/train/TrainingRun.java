package dev.quarry.train;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.vector.Encoder;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.train.data.NegativeMiner;
import dev.quarry.train.data.TrainingData;
import dev.quarry.train.data.TrainingExample;
import dev.quarry.train.loss.ContrastiveLoss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run end to end, in an output folder: training data (positives from the split's qrels, negatives
 * mined with BM25 or the model itself, or a given training file), a held-out dev set, the {@link Trainer}, and the
 * trained model exported to {@code model/}.
 *
 * <p>Folder: {@code config.json} (the effective configuration), {@code train.jsonl} and {@code dev.jsonl} (the
 * examples, passages by id), {@code log.jsonl} and {@code curve.html}, {@code checkpoints/}, {@code model/}, and
 * {@code work/} (a BM25 index for mining; deleted at the end). An existing folder is refused unless resuming (which
 * continues from the newest checkpoint with the saved configuration) or overwriting.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** What the run produced; {@code steps} are those this process ran (fewer than planned when resumed). */
  public record Result(Path model, boolean onnx, long steps, double seconds, List<TrainingExample> examples) {}

  private final TrainingConfig config;
  private final Path out;
  private final Function<String, ProgressSink> progress;

  /** Progress for one phase: the CLI gives progress bars, tests nothing. */
  public interface ProgressSink extends Progress, AutoCloseable {
    @Override
    void close();

    static ProgressSink none() {
      return new ProgressSink() {
        @Override
        public void advance(long steps) {}

        @Override
        public void close() {}
      };
    }
  }

  /**
   * @param progress makes a progress sink for a named phase with a known (or -1) total: see {@link #phase}
   */
  public TrainingRun(TrainingConfig config, Path out, Function<String, ProgressSink> progress) {
    config.validate();
    this.config = config;
    this.out = out;
    this.progress = progress;
  }

  /** Prepares the output folder: refuses an existing one unless resuming or overwriting. */
  public static TrainingConfig prepare(TrainingConfig requested, Path out, boolean resume, boolean overwrite) {
    if (resume && overwrite) {
      throw new IllegalArgumentException("--resume and --overwrite exclude each other");
    }
    if (Files.exists(out) && !resume && !overwrite) {
      throw new IllegalArgumentException(out + " already exists; pass --resume to continue it or --overwrite to start"
          + " again");
    }
    try {
      if (resume) {
        if (!Files.isRegularFile(out.resolve("config.json"))) {
          throw new IllegalArgumentException(out + " holds no training run to resume (no config.json)");
        }
        return TrainingConfig.read(out.resolve("config.json"));
      }
      if (overwrite) {
        AtomicDirectory.deleteRecursively(out);
      }
      Files.createDirectories(out);
      requested.validate();
      requested.write(out.resolve("config.json"));
      return requested;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + out + ": " + e.getMessage(), e);
    }
  }

  public Result run() {
    return run(step -> step);
  }

  /** Runs; {@code stepHook} sees every finished step (tests use it to stop a run as if killed). */
  public Result run(UnaryOperator<Long> stepHook) {
    long started = System.nanoTime();
    BeirDataset data = DatasetLocator.locate(config.dataset);
    Map<String, String> corpus = readCorpus(data);
    Qrels qrels = trainingQrels(data, config);
    ModelSource model = ModelRegistry.resolve(config.model);
    Path work = out.resolve("work");
    Path checkpoints = out.resolve("checkpoints");
    var resumeFrom = Checkpoint.latest(checkpoints);
    NegativeMiner miner = new NegativeMiner(config.windowFrom, config.windowTo);

    List<TrainingExample> examples;
    List<TrainingExample> devExamples;
    Qrels devQrels = qrels;
    if (Files.exists(out.resolve("train.jsonl"))) {
      examples = TrainingData.read(out.resolve("train.jsonl"), corpus);
      devExamples = Files.exists(out.resolve("dev.jsonl")) ? TrainingData.read(out.resolve("dev.jsonl"), corpus)
          : List.of();
      if (data.splits().contains("dev")) {
        devQrels = data.qrels("dev");
      }
    } else {
      List<TrainingExample> mined;
      try (Retriever bm25 = bm25(data, work)) {
        if (config.trainFile != null) {
          mined = TrainingData.read(Path.of(config.trainFile), corpus);
        } else {
          try (ProgressSink p = progress.apply(phase("Mining", -1))) {
            mined = miner.mine(data.queries(), qrels, corpus, config.negatives == TrainingConfig.Negatives.bm25 ? bm25
                : null, config.threads, p);
          }
        }
        if (data.splits().contains("dev")) {
          devQrels = data.qrels("dev");
          devExamples = miner.mine(data.queries(), devQrels, corpus, bm25, config.threads, Progress.NONE);
          devExamples = devExamples.subList(0, Math.min(config.devQueries, devExamples.size()));
          examples = mined;
        } else {
          List<TrainingExample> shuffled = new ArrayList<>(mined);
          Collections.shuffle(shuffled, new Random(config.seed));
          int held = Math.min(config.devQueries, shuffled.size() / 5);
          List<TrainingExample> heldOut = shuffled.subList(0, held);
          Map<String, String> heldTexts = new java.util.LinkedHashMap<>();
          heldOut.forEach(e -> heldTexts.put(e.queryId(), e.query()));
          // dev pools always come from BM25, whatever the training negatives
          devExamples = miner.remine(heldOut, qrels, corpus, bm25, config.threads, Progress.NONE);
          java.util.Set<String> heldIds = heldTexts.keySet();
          examples = mined.stream().filter(e -> !heldIds.contains(e.queryId())).toList();
        }
      }
      TrainingData.write(out.resolve("train.jsonl"), examples, false);
      TrainingData.write(out.resolve("dev.jsonl"), devExamples, false);
    }
    LOG.info("{} training queries, {} dev queries", examples.size(), devExamples.size());

    BertWeights weights = config.randomLayers > 0
        ? BertWeights.random(new BertConfig(30522, config.randomHidden, config.randomLayers,
            Math.max(1, config.randomHidden / 32), config.randomHidden * 4, 512, 2, 1e-12), config.seed)
        : BertWeights.load(model);
    long startStep = 0;
    Map<String, dev.quarry.onnx.weights.Safetensors.Tensor> optimizerState = null;
    if (resumeFrom.isPresent()) {
      Checkpoint c = resumeFrom.get();
      weights = new BertWeights(weights.config(), c.modelState());
      optimizerState = c.optimizerState();
      examples = c.examples(corpus);
      startStep = c.step();
      LOG.info("resuming from {} (step {})", c.folder(), startStep);
    }
    Path corpusFile = data.corpusFile();
    Qrels trainQrels = qrels;
    Trainer.Refresher refresher = null;
    List<TrainingExample> finalExamples;
    try (BertEncoder encoder = new BertEncoder(model, weights, config.queryLength, config.passageLength, 32)) {
      encoder.setDropout((float) config.dropout);
      ContrastiveLoss loss = new ContrastiveLoss((float) config.temperature);
      Trainer trainer = new Trainer(new ContrastiveObjective(encoder, loss), config, true);
      try {
        if (config.negatives == TrainingConfig.Negatives.ance) {
          refresher = (current, step) -> refresh(encoder, model, corpusFile, work, current, trainQrels, corpus, miner,
              step);
          if (startStep == 0) {
            examples = refresher.refresh(examples, 0);
            TrainingData.write(out.resolve("train.jsonl"), examples, false);
          }
        }
        DevSet dev = devExamples.isEmpty() ? null : new DevSet(devExamples, devQrels, config.devCandidates);
        long total = trainer.totalSteps(examples.size());
        try (TrainingLog log = new TrainingLog(out.resolve("log.jsonl"), startStep);
            ProgressSink p = progress.apply(phase("Training", total))) {
          p.advance(startStep);
          finalExamples = trainer.train(examples, startStep, optimizerState, checkpoints,
              dev == null ? null : () -> dev.evaluate(encoder, loss), refresher, log, p, stepHook);
        }
        TrainingLog.writeCurve(out.resolve("log.jsonl"), out.resolve("curve.html"),
            "Training " + model.shortName() + " on " + data.name() + " (" + config.negatives + " negatives)");
        boolean onnx = ModelExport.save(encoder.weights(), model, out.resolve("model"), true);
        deleteQuietly(work);
        return new Result(out.resolve("model"), onnx, total - startStep, (System.nanoTime() - started) / 1e9,
            finalExamples);
      } finally {
        trainer.close();
      }
    }
  }

  /** A phase name with its total, for the progress factory: "Training:120". */
  public static String phase(String name, long total) {
    return name + ":" + total;
  }

  private Retriever bm25(BeirDataset data, Path work) {
    Path index = work.resolve("bm25");
    if (!Files.exists(index.resolve(IndexManifest.FILE_NAME))) {
      new Bm25IndexBuilder().build(data.corpusFile(), index, true, Progress.NONE);
    }
    return new Bm25Searcher(index, Bm25Settings.ANSERINI);
  }

  /**
   * ANCE's refresh: encode the corpus with the current weights (through ONNX Runtime when the weights fit the base
   * model's graph, else with the DJL encoder itself), index it, and mine new negatives from it.
   */
  private List<TrainingExample> refresh(BertEncoder encoder, ModelSource model, Path corpusFile, Path work,
      List<TrainingExample> current, Qrels qrels, Map<String, String> corpus, NegativeMiner miner, long step) {
    Path snapshot = work.resolve("ance-model");
    Path index = work.resolve("ance-index");
    try {
      deleteQuietly(snapshot);
      boolean onnx = ModelExport.save(encoder.weights(), model, snapshot, true);
      Encoder indexer = onnx
          ? new OnnxEncoder(ModelRegistry.resolve(snapshot.toString()), OnnxEncoder.DEFAULT_BATCH, config.threads,
              config.passageLength)
          : new NonClosingEncoder(encoder);
      try (ProgressSink p = progress.apply(phase("Refreshing", -1))) {
        new DenseIndexBuilder(DenseIndexSettings.FLAT, config.threads).build(corpusFile, indexer, index, true, p,
            Progress.NONE);
      }
      try (DenseRetriever retriever = DenseRetriever.open(index, indexer, DenseSearchSettings.DEFAULTS)) {
        List<TrainingExample> refreshed = miner.remine(current, qrels, corpus, retriever, config.threads, Progress.NONE);
        LOG.info("step {}: negatives refreshed with the current model", step);
        return refreshed;
      }
    } finally {
      deleteQuietly(index);
      deleteQuietly(snapshot);
    }
  }

  /** The encoder for a refresh must stay open after the retriever that borrows it closes. */
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
      return inner.encodeQueries(queries);
    }

    @Override
    public float[][] encodePassages(List<String> passages) {
      return inner.encodePassages(passages);
    }

    @Override
    public void close() {}
  }

  /**
   * The training split's judgements, limited to a seeded sample of {@code maxQueries} queries with a relevant
   * document when that is set (to fit a large split into a CPU budget; the same seed gives the same sample to every
   * run, so a teacher and its student see the same queries).
   */
  public static Qrels trainingQrels(BeirDataset data, TrainingConfig config) {
    Qrels qrels = data.qrels(config.split);
    List<String> ids = qrels.queryIds().stream()
        .filter(q -> qrels.judgments(q).values().stream().anyMatch(g -> g > 0)).sorted().toList();
    if (config.maxQueries == 0 || config.maxQueries >= ids.size()) {
      return qrels;
    }
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(config.seed));
    Map<String, Map<String, Integer>> kept = new HashMap<>();
    for (String q : shuffled.subList(0, config.maxQueries)) {
      kept.put(q, qrels.judgments(q));
    }
    LOG.info("training on {} of the {} {} queries with a relevant document (maxQueries, seed {})",
        config.maxQueries, ids.size(), config.split, config.seed);
    return new Qrels(kept);
  }

  /** Document id to title and text, for a corpus small enough to hold (training corpora are). */
  public static Map<String, String> readCorpus(BeirDataset data) {
    Map<String, String> corpus = new HashMap<>();
    try (CorpusReader reader = data.openCorpus()) {
      for (Document d : reader) {
        corpus.put(d.id(), d.contents());
      }
    }
    return corpus;
  }

  private static void deleteQuietly(Path dir) {
    try {
      AtomicDirectory.deleteRecursively(dir);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
