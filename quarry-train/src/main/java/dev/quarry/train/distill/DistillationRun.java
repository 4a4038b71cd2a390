package dev.quarry.train.distill;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.rerank.PairwiseReranker;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import dev.quarry.train.DistillationObjective;
import dev.quarry.train.ModelExport;
import dev.quarry.train.Trainer;
import dev.quarry.train.TrainingConfig;
import dev.quarry.train.TrainingLog;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.data.TrainingData;
import dev.quarry.train.data.TrainingExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PairDistill's rounds (Huang and Chen, EMNLP 2024): in each round, the current student retrieves the top
 * {@code depth} documents for every training query; the pointwise teacher scores them (cached); the top
 * {@code topK} by that score give the candidate pairs (a window of {@code pairWindow}), of which
 * {@code pairsPerQuery} are sampled and judged by the pairwise teacher (cached); each query's group of
 * {@code groupSize} documents is built from its pairs and filled from the pointwise ranking; and the student trains
 * on the pointwise KL, the pairwise KL and the in-batch term, starting from the previous round's student.
 *
 * <p>Folder: {@code round-N/} with {@code train.jsonl} (the round's groups with pointwise scores, and the pairs with
 * the teacher's probabilities), {@code log.jsonl}, {@code curve.html} and {@code model/}; a round whose model exists
 * is complete and is skipped when the run is started again (resumable per round). Teacher scores live in a cache
 * shared with {@code quarry rerank} (one file per teacher and dataset; an ensemble caches each member's raw scores).
 */
public final class DistillationRun {
  private static final Logger LOG = LoggerFactory.getLogger(DistillationRun.class);

  private final TrainingConfig config;
  private final Path out;
  private final Path teacherCache;
  private final Function<String, TrainingRun.ProgressSink> progress;

  /**
   * @param teacherCache where teacher scores are kept, one file per teacher in a folder per dataset (shared with
   *     {@code quarry rerank}, so that no run pays for a score another already computed)
   */
  public DistillationRun(TrainingConfig config, Path out, Path teacherCache,
      Function<String, TrainingRun.ProgressSink> progress) {
    config.validate();
    if (config.rerankers.isEmpty()) {
      throw new IllegalArgumentException("distillation needs a pointwise teacher: give --reranker");
    }
    if (config.pairwiseWeight > 0 && config.pairwise == null) {
      throw new IllegalArgumentException("a pairwise weight above 0 needs a pairwise teacher: give --pairwise, or"
          + " set --pairwise-weight 0 for pointwise distillation only");
    }
    if (config.groupSize < 2 || config.topK < 2 || config.depth < config.groupSize) {
      throw new IllegalArgumentException("need groupSize >= 2, topK >= 2 and depth >= groupSize");
    }
    this.config = config;
    this.out = out;
    this.teacherCache = teacherCache;
    this.progress = progress;
  }

  /** One round's outcome (times are 0 for a round completed by an earlier run). */
  public record Round(int number, Path model, double seconds, double teacherSeconds, int queries,
      TeacherAgreement agreement) {
    /** Completed by an earlier run and kept by {@code --resume}. */
    public boolean kept() {
      return seconds == 0;
    }
  }

  public List<Round> run() {
    BeirDataset data = DatasetLocator.locate(config.dataset);
    Map<String, String> corpus = TrainingRun.readCorpus(data);
    Qrels qrels = TrainingRun.trainingQrels(data, config);
    Queries queries = data.queries().filter(q -> qrels.judgments(q).values().stream().anyMatch(g -> g > 0));
    List<Round> rounds = new ArrayList<>();
    String student = config.model;
    Path caches = teacherCache.resolve(data.name());
    boolean asksPairwise = config.pairwise != null && config.pairwiseWeight > 0;
    try (PointwiseTeacher pointwise = PointwiseTeacher.open(config.rerankers, caches, data.corpusFile(), config.threads);
        PairwiseReranker pairwise = asksPairwise
            ? new OnnxPairwiseReranker(Path.of(config.pairwise), 8, config.threads) : null;
        TeacherScoreCache pairCache = asksPairwise
            ? new TeacherScoreCache(TeacherScoreCache.fileFor(caches, config.pairwise)) : null) {
      LOG.info("pointwise teacher: {}; pairwise teacher: {}; scores cached in {}", pointwise.describe(),
          asksPairwise ? config.pairwise : "none", caches);
      for (int r = 1; r <= config.rounds; r++) {
        Path round = out.resolve("round-" + r);
        if (Files.exists(round.resolve("model/quarry.json"))) {
          LOG.info("round {} is complete ({}); skipping it", r, round);
          List<TrainingExample> examples = TrainingData.read(round.resolve("train.jsonl"), corpus);
          rounds.add(new Round(r, round.resolve("model"), 0, 0, examples.size(), agreement(r, examples, qrels)));
          student = round.resolve("model").toString();
          continue;
        }
        long start = System.nanoTime();
        ModelSource source = ModelRegistry.resolve(student);
        Run candidates = retrieve(data, source, queries, round);
        long teacherStart = System.nanoTime();
        List<TrainingExample> examples = label(queries, candidates, corpus, pointwise, pairwise, pairCache, r);
        double teacherSeconds = (System.nanoTime() - teacherStart) / 1e9;
        TrainingData.write(round.resolve("train.jsonl"), examples, false);
        TeacherAgreement agreement = agreement(r, examples, qrels);
        train(source, examples, round);
        rounds.add(new Round(r, round.resolve("model"), (System.nanoTime() - start) / 1e9, teacherSeconds,
            examples.size(), agreement));
        student = round.resolve("model").toString();
        deleteQuietly(round.resolve("work"));
      }
    }
    return rounds;
  }

  private static TeacherAgreement agreement(int round, List<TrainingExample> examples, Qrels qrels) {
    TeacherAgreement agreement = TeacherAgreement.of(examples, qrels);
    LOG.info("round {}: {}", round, agreement.describe());
    return agreement;
  }

  /** The student's top {@code depth} for every training query. */
  private Run retrieve(BeirDataset data, ModelSource student, Queries queries, Path round) {
    Path index = round.resolve("work/index");
    OnnxEncoder encoder = new OnnxEncoder(student, OnnxEncoder.DEFAULT_BATCH, config.threads, config.passageLength);
    try (TrainingRun.ProgressSink p = progress.apply(TrainingRun.phase("Encoding", -1))) {
      new DenseIndexBuilder(DenseIndexSettings.FLAT, config.threads).build(data.corpusFile(), encoder, index, true, p,
          Progress.NONE);
    }
    try (DenseRetriever retriever = DenseRetriever.open(index, encoder, DenseSearchSettings.DEFAULTS)) {
      return BatchSearch.search(retriever, queries, config.depth, config.threads, Progress.NONE);
    }
  }

  /** Teacher scores, pairs and groups for every query (queries with too few candidates are left out). */
  private List<TrainingExample> label(Queries queries, Run candidates, Map<String, String> corpus,
      PointwiseTeacher pointwise, PairwiseReranker pairwise, TeacherScoreCache pairCache, int round) {
    PairWindowSampler sampler = new PairWindowSampler(config.topK, config.pairWindow, config.pairsPerQuery);
    GroupBuilder groups = new GroupBuilder(config.groupSize);
    List<TrainingExample> examples = new ArrayList<>();
    int skipped = 0;
    try (TrainingRun.ProgressSink p = progress.apply(TrainingRun.phase("Teachers", queries.size()))) {
      for (Map.Entry<String, String> q : queries.asMap().entrySet()) {
        List<String> docs = candidates.results(q.getKey()).stream().map(ScoredDocument::docId).toList();
        float[] scores = pointwise.score(q.getKey(), q.getValue(), docs, corpus);
        Integer[] order = new Integer[docs.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        List<String> ranked = new ArrayList<>();
        for (Integer i : order) {
          ranked.add(docs.get(i));
        }
        Map<String, Float> scoreOf = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
          scoreOf.put(docs.get(i), scores[i]);
        }
        List<PairWindowSampler.Pair> pairs = sampler.sample(ranked.size(),
            config.seed * 1_000_003L + q.getKey().hashCode() + round);
        List<Integer> group = groups.build(ranked.size(), pairs);
        if (group.size() < config.groupSize) {
          skipped++;
          p.advance(1);
          continue;
        }
        List<TrainingExample.PairPreference> preferences = new ArrayList<>();
        if (pairwise != null) {
          List<String[]> idPairs = pairs.stream().map(pp -> new String[] {ranked.get(pp.first()),
              ranked.get(pp.second())}).toList();
          float[] probabilities = CachedTeachers.preferences(pairwise, pairCache, q.getKey(), q.getValue(), idPairs,
              corpus);
          for (int k = 0; k < idPairs.size(); k++) {
            preferences.add(new TrainingExample.PairPreference(idPairs.get(k)[0], idPairs.get(k)[1], probabilities[k]));
          }
        }
        List<TrainingExample.Passage> members = new ArrayList<>();
        for (int position : group) {
          String id = ranked.get(position);
          members.add(new TrainingExample.Passage(id, corpus.get(id), (double) scoreOf.get(id)));
        }
        examples.add(new TrainingExample(q.getKey(), q.getValue(), members.subList(0, 1),
            members.subList(1, members.size()), preferences));
        p.advance(1);
      }
    }
    LOG.info("round {}: pointwise teacher scores so far: {} computed, {} from the cache", round, pointwise.computed(),
        pointwise.cached());
    if (skipped > 0) {
      LOG.warn("round {}: {} queries had fewer than {} candidates and were left out", round, skipped,
          config.groupSize);
    }
    return examples;
  }

  private void train(ModelSource student, List<TrainingExample> examples, Path round) {
    TrainingConfig c = copy(config);
    c.hardNegatives = config.groupSize - 1;
    BertWeights weights = BertWeights.load(student);
    Map<String, float[]> teacherVectors = config.inBatchKdWeight > 0 ? teacherVectors(examples) : Map.of();
    try (BertEncoder encoder = new BertEncoder(student, weights, config.queryLength, config.passageLength, 16)) {
      encoder.setDropout((float) config.dropout);
      DistillationObjective objective = new DistillationObjective(encoder, new DistillationObjective.Weights(
          config.pointwiseWeight, config.pairwiseWeight, config.inBatchWeight, config.inBatchKdWeight,
          config.marginMseWeight), (float) config.temperature, (float) config.teacherTemperature, teacherVectors);
      Trainer trainer = new Trainer(objective, c, false);
      try {
        long total = trainer.totalSteps(examples.size());
        try (TrainingLog log = new TrainingLog(round.resolve("log.jsonl"), 0);
            TrainingRun.ProgressSink p = progress.apply(TrainingRun.phase("Training", total))) {
          trainer.train(examples, 0, null, null, null, null, log, p, step -> step);
        }
      } finally {
        trainer.close();
      }
      TrainingLog.writeCurve(round.resolve("log.jsonl"), round.resolve("curve.html"),
          "Distillation round " + round.getFileName() + " of " + student.shortName());
      ModelExport.save(encoder.weights(), student, round.resolve("model"), true);
    }
  }

  /** For in-batch KD: the dense teacher's vectors of every query and passage of the examples. */
  private Map<String, float[]> teacherVectors(List<TrainingExample> examples) {
    if (config.inBatchTeacher == null) {
      throw new IllegalArgumentException("in-batch KD needs --in-batch-teacher (a dense model)");
    }
    Map<String, float[]> vectors = new HashMap<>();
    try (OnnxEncoder teacher = new OnnxEncoder(ModelRegistry.resolve(config.inBatchTeacher))) {
      List<String> ids = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      float[][] queryVectors = teacher.encodeQueries(examples.stream().map(TrainingExample::query).toList());
      for (int i = 0; i < examples.size(); i++) {
        vectors.put(examples.get(i).queryId(), queryVectors[i]);
        for (TrainingExample.Passage p : examples.get(i).positives()) {
          ids.add(p.id());
          texts.add(p.text());
        }
        for (TrainingExample.Passage p : examples.get(i).negatives()) {
          ids.add(p.id());
          texts.add(p.text());
        }
      }
      float[][] passageVectors = teacher.encodePassages(texts);
      for (int i = 0; i < ids.size(); i++) {
        vectors.put(ids.get(i), passageVectors[i]);
      }
    }
    return vectors;
  }

  private static TrainingConfig copy(TrainingConfig c) {
    return TrainingConfig.fromMap(c.asMap());
  }

  private static void deleteQuietly(Path dir) {
    try {
      AtomicDirectory.deleteRecursively(dir);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
