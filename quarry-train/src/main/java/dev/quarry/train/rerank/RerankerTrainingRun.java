package dev.quarry.train.rerank;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import dev.quarry.train.Checkpoint;
import dev.quarry.train.Trainer;
import dev.quarry.train.TrainingConfig;
import dev.quarry.train.TrainingLog;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.data.NegativeMiner;
import dev.quarry.train.data.TrainingData;
import dev.quarry.train.data.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a reranker (a cross-encoder or a pairwise reranker) from an embedded model's weights on a BEIR split:
 * positives from the qrels, hard negatives from BM25's ranks {@code windowFrom..windowTo}; since no reranker weights
 * can be downloaded here, this is how Quarry gets its teachers. Output in {@code out/}: {@code train.jsonl},
 * {@code log.jsonl}, {@code curve.html}, {@code checkpoints/}, and the reranker in {@code model/}.
 */
public final class RerankerTrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(RerankerTrainingRun.class);
  private final TrainingConfig config;
  private final RerankerObjective.Kind kind;
  private final Path out;
  private final Function<String, TrainingRun.ProgressSink> progress;

  public RerankerTrainingRun(TrainingConfig config, RerankerObjective.Kind kind, Path out,
      Function<String, TrainingRun.ProgressSink> progress) {
    config.validate();
    if (config.hardNegatives < 1) {
      throw new IllegalArgumentException("a reranker trains on hard negatives: hardNegatives must be at least 1");
    }
    this.config = config;
    this.kind = kind;
    this.out = out;
    this.progress = progress;
  }

  /** @return the reranker's folder */
  public Path run() {
    BeirDataset data = DatasetLocator.locate(config.dataset);
    Map<String, String> corpus = TrainingRun.readCorpus(data);
    Qrels qrels = TrainingRun.trainingQrels(data, config);
    ModelSource model = ModelRegistry.resolve(config.model);
    List<TrainingExample> examples;
    if (Files.exists(out.resolve("train.jsonl"))) {
      examples = TrainingData.read(out.resolve("train.jsonl"), corpus);
    } else {
      Path index = out.resolve("work/bm25");
      if (!Files.exists(index.resolve(IndexManifest.FILE_NAME))) {
        new Bm25IndexBuilder().build(data.corpusFile(), index, true, Progress.NONE);
      }
      try (Retriever bm25 = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
        examples = new NegativeMiner(config.windowFrom, config.windowTo).mine(data.queries(), qrels, corpus, bm25,
            config.threads, Progress.NONE);
      }
      int mined = examples.size();
      examples = examples.stream().filter(e -> e.negatives().size() >= config.hardNegatives).toList();
      if (examples.size() < mined) {
        LOG.info("{} of {} training queries have fewer than {} passages not judged relevant in BM25's ranks {} to {}"
            + " and are left out", mined - examples.size(), mined, config.hardNegatives, config.windowFrom, config.windowTo);
      }
      if (examples.isEmpty()) {
        throw new IllegalArgumentException("no training query has " + config.hardNegatives + " BM25 negatives in"
            + " ranks " + config.windowFrom + " to " + config.windowTo + "; widen --window or lower --hard-negatives");
      }
      TrainingData.write(out.resolve("train.jsonl"), examples, false);
    }
    EncoderRecipe recipe = new EncoderRecipe(Pooling.CLS, false, "", "", config.passageLength);
    BertWeights weights = BertWeights.load(model);
    Map<String, Safetensors.Tensor> head = model.folder() == null ? null
        : RerankerExport.head(model.folder(), kind).orElse(null);
    if (head != null) {
      LOG.info("going on from the trained {} head in {}", kind.label(), model.folder());
    }
    long startStep = 0;
    Map<String, Safetensors.Tensor> optimizerState = null;
    var resume = Checkpoint.latest(out.resolve("checkpoints"));
    if (resume.isPresent()) {
      Map<String, Safetensors.Tensor> state = resume.get().modelState();
      head = new LinkedHashMap<>();
      head.put(CrossEncoderHead.WEIGHT, state.remove(CrossEncoderHead.WEIGHT));
      head.put(CrossEncoderHead.BIAS, state.remove(CrossEncoderHead.BIAS));
      weights = new BertWeights(weights.config(), state);
      optimizerState = resume.get().optimizerState();
      examples = resume.get().examples(corpus);
      startStep = resume.get().step();
    }
    BertEncoder encoder = new BertEncoder(model, recipe, weights, config.queryLength, config.passageLength, 16);
    encoder.setDropout((float) config.dropout);
    try (CrossEncoderHead reranker = new CrossEncoderHead(encoder, head, config.seed)) {
      // a pairwise reranker's group is each (positive, negative) pair in both orders; a cross-encoder's the list
      Trainer trainer = new Trainer(new RerankerObjective(reranker, kind), config, true);
      try {
        long total = trainer.totalSteps(examples.size());
        try (TrainingLog log = new TrainingLog(out.resolve("log.jsonl"), startStep);
            TrainingRun.ProgressSink p = progress.apply(TrainingRun.phase("Training", total))) {
          p.advance(startStep);
          trainer.train(examples, startStep, optimizerState, out.resolve("checkpoints"), null, null, log, p,
              step -> step);
        }
        TrainingLog.writeCurve(out.resolve("log.jsonl"), out.resolve("curve.html"),
            "Training a " + kind.label() + " reranker from " + model.shortName() + " on " + data.name());
        RerankerExport.save(encoder.weights(), reranker.head(), model, kind, config.passageLength,
            out.resolve("model"));
      } finally {
        trainer.close();
      }
    }
    return out.resolve("model");
  }
}
