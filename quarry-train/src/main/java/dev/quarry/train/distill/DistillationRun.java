/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import dev.quarry.core.Phase;
import dev.quarry.core.Progress;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.llm.LlmEndpoint;
import dev.quarry.llm.PairwiseTeacher;
import dev.quarry.llm.PairwiseTeachers;
import dev.quarry.rerank.PointwiseTeacher;
import dev.quarry.search.IndexCache;
import dev.quarry.onnx.ModelKind;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.RetrievalModel;
import dev.quarry.train.colbert.ColbertModel;
import dev.quarry.train.BertWeights;
import dev.quarry.train.TrainerSettings;
import dev.quarry.train.TrainingPipeline;
import dev.quarry.train.TrainingSet;
import dev.quarry.train.config.DistillSettings;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
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
 * <p>Each round is a {@link TrainingPipeline} run in {@code round-N/}: {@code train.jsonl} (the round's groups with
 * pointwise scores, and the pairs with the teacher's probabilities), {@code log.jsonl}, {@code curve.html},
 * {@code checkpoints/} and {@code model/}. A round whose model exists is complete and is skipped when the run is
 * started again; a round killed mid-way resumes from its newest checkpoint. Teacher scores live in the
 * {@link IndexCache}, shared with {@code quarry rerank} (one file per teacher; an ensemble caches each member's raw
 * scores). The pairwise teacher is what {@link PairwiseTeachers} makes of its spec: a trained reranker's folder, or
 * {@code llm:MODEL} at the {@link LlmEndpoint} given (PRP).
 */
public final class DistillationRun {
  private static final Logger LOG = LoggerFactory.getLogger(DistillationRun.class);

  private final TrainingConfig config;
  private final Path out;
  private final IndexCache cache;
  private final LlmEndpoint llm;
  private final ProgressFactory progress;

  /** A run whose teachers are trained models only (an {@code llm:} pairwise teacher is refused). */
  public DistillationRun(TrainingConfig config, Path out, IndexCache cache, ProgressFactory progress) {
    this(config, out, cache, null, progress);
  }

  /**
   * @param cache where the student's encoded corpus and the teachers' scores are kept (shared with
   *     {@code quarry rerank} and {@code evaluate}, so that no run pays for a score or an encoding another has made)
   * @param llm the server of an {@code llm:MODEL} pairwise teacher, or null for none: where a model is served, not
   *     what is trained, so it is no setting of the configuration
   */
  public DistillationRun(TrainingConfig config, Path out, IndexCache cache, LlmEndpoint llm,
      ProgressFactory progress) {
    config.validate(TrainingConfig.Use.DISTILL);
    this.config = config;
    this.out = out;
    this.cache = cache;
    this.llm = llm;
    this.progress = progress;
  }

  /**
   * One round's outcome; times and counts are 0 for a round completed by an earlier run.
   *
   * @param teacherScores scores the teachers computed in this round (not read from their caches); 0 when the round's
   *     examples were labelled by an earlier start of the run
   */
  public record Round(int number, Path model, double seconds, double teacherSeconds, int queries,
      TeacherAgreement agreement, long teacherScores) {
    /** Completed by an earlier run and kept by {@code --resume}. */
    public boolean kept() {
      return seconds == 0;
    }
  }

  public List<Round> run() {
    return run(step -> {});
  }

  /** Runs; {@code afterStep} sees every finished step of a round (tests stop a run there as if killed). */
  public List<Round> run(LongConsumer afterStep) {
    TrainingSet set = TrainingSet.of(config);
    BeirDataset data = set.data();
    Map<String, String> corpus = set.corpus();
    Qrels qrels = set.qrels();
    Queries queries = data.queries().filter(q -> qrels.judgments(q).values().stream().anyMatch(g -> g > 0));
    List<Round> rounds = new ArrayList<>();
    String student = config.model;
    DistillSettings d = config.distill;
    Path caches = cache.teachers(data.corpusFile());
    boolean asksPairwise = d.pairwise != null && d.pairwiseWeight > 0;
    try (PointwiseTeacher pointwise = PointwiseTeacher.open(d.rerankers, cache, data.corpusFile(), config.threads);
        PairwiseTeacher pairwise = asksPairwise
            ? PairwiseTeachers.open(d.pairwise, llm, caches, config.threads) : null) {
      LOG.info("pointwise teacher: {}; pairwise teacher: {}; scores cached in {}", pointwise.describe(),
          asksPairwise ? pairwise.describe() : "none", caches);
      for (int r = 1; r <= d.rounds; r++) {
        Path round = out.resolve("round-" + r);
        if (Files.exists(round.resolve("model/quarry.json"))) {
          LOG.info("round {} is complete ({}); skipping it", r, round);
          List<TrainingExample> examples = TrainingData.read(round.resolve("train.jsonl"), corpus);
          rounds.add(new Round(r, round.resolve("model"), 0, 0, examples.size(), agreement(r, examples, qrels), 0));
          student = round.resolve("model").toString();
          continue;
        }
        long start = System.nanoTime();
        ModelSource source = ModelRegistry.resolve(student);
        int number = r;
        long[] teacherNanos = {0};
        long computedBefore = pointwise.computed() + (pairwise == null ? 0 : pairwise.cache().misses());
        List<TrainingExample> examples = TrainingPipeline.examples(round, corpus, () -> {
          Run candidates = retrieve(data, source, queries);
          long teacherStart = System.nanoTime();
          List<TrainingExample> labelled = label(queries, candidates, corpus, pointwise, pairwise, number);
          teacherNanos[0] = System.nanoTime() - teacherStart;
          return new TrainingPipeline.Examples(labelled, List.of());
        }).train();
        TeacherAgreement agreement = agreement(r, examples, qrels);
        train(source, examples, round, corpus, afterStep);
        long computed = pointwise.computed() + (pairwise == null ? 0 : pairwise.cache().misses()) - computedBefore;
        rounds.add(new Round(r, round.resolve("model"), (System.nanoTime() - start) / 1e9, teacherNanos[0] / 1e9,
            examples.size(), agreement, computed));
        student = round.resolve("model").toString();
      }
    }
    return rounds;
  }

  private static TeacherAgreement agreement(int round, List<TrainingExample> examples, Qrels qrels) {
    TeacherAgreement agreement = TeacherAgreement.of(examples, qrels);
    LOG.info("round {}: {}", round, agreement.describe());
    return agreement;
  }

  /**
   * The student's top {@code depth} for every training query, over the corpus it encodes (cached): a dual encoder's
   * exact search, or a ColBERT student's PLAID search over its compressed index.
   */
  private Run retrieve(BeirDataset data, ModelSource student, Queries queries) {
    if (student.kind() == ModelKind.COLBERT) {
      OnnxColbertEncoder encoder = new OnnxColbertEncoder(student, OnnxEncoder.DEFAULT_BATCH, config.threads, 1, 0);
      Path index = cache.colbert(data.corpusFile(), encoder, ColbertIndexSettings.DEFAULTS, config.threads, false,
          progress).path();
      try (ColbertRetriever retriever = ColbertRetriever.open(index, encoder, ColbertRetriever.Mode.PLAID,
          PlaidSettings.DEFAULTS)) {
        return BatchSearch.search(retriever, queries, config.distill.depth, config.threads, Progress.NONE);
      }
    }
    OnnxEncoder encoder = new OnnxEncoder(student, OnnxEncoder.DEFAULT_BATCH, config.threads,
        config.loop.passageLength);
    Path index = cache.dense(data.corpusFile(), encoder, DenseIndexSettings.FLAT, config.threads, false, progress)
        .path();
    try (DenseRetriever retriever = DenseRetriever.open(index, encoder, DenseSearchSettings.DEFAULTS)) {
      return BatchSearch.search(retriever, queries, config.distill.depth, config.threads, Progress.NONE);
    }
  }

  /** Teacher scores, pairs and groups for every query (queries with too few candidates are left out). */
  private List<TrainingExample> label(Queries queries, Run candidates, Map<String, String> corpus,
      PointwiseTeacher pointwise, PairwiseTeacher pairwise, int round) {
    DistillSettings d = config.distill;
    PairWindowSampler sampler = new PairWindowSampler(d.topK, d.pairWindow, d.pairsPerQuery);
    GroupBuilder groups = new GroupBuilder(d.groupSize);
    List<TrainingExample> examples = new ArrayList<>();
    int skipped = 0;
    try (ProgressFactory.Tracker p = progress.start(Phase.TEACHERS, queries.size())) {
      for (Map.Entry<String, String> q : queries.asMap().entrySet()) {
        List<String> docs = candidates.results(q.getKey()).stream().map(ScoredDocument::docId).toList();
        float[] scores = pointwise.score(q.getValue(), docs, corpus);
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
        if (group.size() < d.groupSize) {
          skipped++;
          p.advance(1);
          continue;
        }
        List<TrainingExample.PairPreference> preferences = new ArrayList<>();
        if (pairwise != null) {
          List<String[]> idPairs = pairs.stream().map(pp -> new String[] {ranked.get(pp.first()),
              ranked.get(pp.second())}).toList();
          float[] probabilities = pairwise.preferences(q.getValue(), idPairs, corpus);
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
      LOG.warn("round {}: {} queries had fewer than {} candidates and were left out", round, skipped, d.groupSize);
    }
    return examples;
  }

  /** Trains the round's student from {@code student}'s weights on the round's groups (resumable mid-round). */
  private void train(ModelSource student, List<TrainingExample> examples, Path round, Map<String, String> corpus,
      LongConsumer afterStep) {
    DistillSettings d = config.distill;
    Map<String, float[]> teacherVectors = d.inBatchKdWeight > 0 ? teacherVectors(examples) : Map.of();
    BertEncoder encoder = new BertEncoder(student, BertWeights.load(student), config.loop.queryLength,
        config.loop.passageLength, 16);
    encoder.setDropout((float) config.loop.dropout);
    RetrievalModel model = student.kind() == ModelKind.COLBERT
        ? new ColbertModel(encoder, ColbertModel.savedProjection(student), config.loop.queryLength,
            config.loop.passageLength, student.recipe().maxLength(), config.seed)
        : encoder;
    DistillationObjective objective = new DistillationObjective(model, new DistillationObjective.Weights(
        d.pointwiseWeight, d.pairwiseWeight, d.inBatchWeight, d.inBatchKdWeight, d.marginMseWeight),
        (float) config.loop.temperature, (float) d.teacherTemperature, teacherVectors);
    try (TrainingPipeline pipeline = new TrainingPipeline(round, objective,
        TrainerSettings.distilling(config, d.groupSize), progress)) {
      pipeline.train(examples, corpus, "Distillation round " + round.getFileName() + " of " + student.shortName(),
          session -> session.afterEachStep(afterStep));
    }
  }

  /** For in-batch KD: the dense teacher's vectors of every query and passage of the examples. */
  private Map<String, float[]> teacherVectors(List<TrainingExample> examples) {
    Map<String, float[]> vectors = new HashMap<>();
    try (OnnxEncoder teacher = new OnnxEncoder(ModelRegistry.resolve(config.distill.inBatchTeacher))) {
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
}
