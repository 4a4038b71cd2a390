package dev.quarry.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Everything a training run is set by, read from a YAML or JSON file (keys as the field names) and overridden on
 * the command line; the effective configuration is printed first and saved beside the model. Defaults follow
 * common fine-tuning practice for small BERT encoders (Sentence-BERT and FlagEmbedding recipes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TrainingConfig {
  /** Where the negatives come from: none (in-batch only), BM25 (DPR) or the model itself, refreshed (ANCE). */
  public enum Negatives { none, bm25, ance }

  /** What is trained: a dual encoder, or a reranker (a teacher for distillation). */
  public enum Kind { dense, cross_encoder, pairwise }

  public Kind kind = Kind.dense;
  public String dataset = "scifact";
  public String split = "train";
  /** Training queries used: a seeded sample of this many of the split's queries with a relevant document (0: all). */
  public int maxQueries = 0;
  public String model = "bge-small-en-v1.5";
  public Negatives negatives = Negatives.bm25;
  /** A ready training file (JSONL); when set, nothing is mined. */
  public String trainFile;
  public int epochs = 2;
  public int batchSize = 32;
  public int hardNegatives = 1;
  public int accumulation = 1;
  public double learningRate = 2e-5;
  public double warmup = 0.1;
  public double weightDecay = 0.01;
  public double maxGradNorm = 1.0;
  public double temperature = 0.05;
  public double dropout = 0.1;
  public int queryLength = 64;
  public int passageLength = 256;
  public int windowFrom = 10;
  public int windowTo = 100;
  /** Steps between ANCE refreshes of the negatives (0: only the initial mining). */
  public int refreshEvery = 0;
  public int devQueries = 80;
  public int devCandidates = 20;
  public int evalEvery = 0;
  public int checkpointEvery = 10;
  public long seed = 42;
  public int threads = Runtime.getRuntime().availableProcessors();
  /** Evaluate the exported model on this split at the end (empty: skip). */
  public String testSplit = "test";
  // Distillation (PairDistill): teachers, rounds, candidates, pairs, groups and the losses' weights.
  /** Pointwise teachers: reranker folders or dense models, fused when several ("path" or "path=weight"). */
  public java.util.List<String> rerankers = new java.util.ArrayList<>();
  public String pairwise;
  public int rounds = 2;
  public int depth = 100;
  public int topK = 20;
  public int pairWindow = 5;
  public int pairsPerQuery = 16;
  public int groupSize = 64;
  public double pointwiseWeight = 1;
  public double pairwiseWeight = 3;
  public double inBatchWeight = 1;
  public double inBatchKdWeight = 0;
  public double marginMseWeight = 0;
  /**
   * The pointwise teacher's temperature in the KL: PairDistill's 1 suits raw cross-encoder logits; a fused teacher's
   * scores lie in [0, sum of weights], where 1 makes its distribution nearly uniform.
   */
  public double teacherTemperature = 1;
  /** For in-batch KD: the dense teacher whose vectors score every in-batch pair. */
  public String inBatchTeacher;

  /** A small random encoder of this many layers instead of the model's weights (tests); 0: the model's. */
  public int randomLayers = 0;
  public int randomHidden = 64;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Reads a YAML or JSON file (JSON is YAML); unknown keys are an error naming them. */
  public static TrainingConfig read(Path file) {
    try {
      ObjectMapper strict = YAML.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      return strict.readValue(file.toFile(), TrainingConfig.class);
    } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(file + ": unknown setting '" + e.getPropertyName() + "'");
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The settings by key, in declaration order (for printing the effective configuration). */
  @SuppressWarnings("unchecked")
  public java.util.Map<String, Object> asMap() {
    return JSON.convertValue(this, java.util.LinkedHashMap.class);
  }

  /** A config from settings by key (the inverse of {@link #asMap()}). */
  public static TrainingConfig fromMap(java.util.Map<String, Object> settings) {
    return JSON.convertValue(settings, TrainingConfig.class);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks every value, naming the setting. */
  public void validate() {
    positive("epochs", epochs);
    positive("batchSize", batchSize);
    positive("accumulation", accumulation);
    positive("queryLength", queryLength);
    positive("passageLength", passageLength);
    positive("threads", threads);
    if (batchSize % accumulation != 0) {
      throw new IllegalArgumentException("batchSize (" + batchSize + ") must divide by accumulation (" + accumulation
          + ")");
    }
    if (hardNegatives < 0 || devQueries < 0 || devCandidates < 1 || evalEvery < 0 || checkpointEvery < 0
        || refreshEvery < 0 || randomLayers < 0 || maxQueries < 0) {
      throw new IllegalArgumentException("hardNegatives, devQueries, evalEvery, checkpointEvery, refreshEvery,"
          + " randomLayers and maxQueries must not be negative; devCandidates must be positive");
    }
    if (!(teacherTemperature > 0) || Double.isInfinite(teacherTemperature)) {
      throw new IllegalArgumentException("teacherTemperature must be a positive number; got " + teacherTemperature);
    }
    if (!(learningRate > 0) || !(temperature > 0) || !(warmup >= 0 && warmup < 1) || !(weightDecay >= 0)
        || !(maxGradNorm >= 0) || !(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("learningRate and temperature must be positive, warmup and dropout in"
          + " [0, 1), weightDecay and maxGradNorm not negative");
    }
    if (windowFrom < 0 || windowTo <= windowFrom) {
      throw new IllegalArgumentException("the negative window must satisfy 0 <= windowFrom < windowTo; got "
          + windowFrom + ".." + windowTo);
    }
    if (negatives == Negatives.ance && refreshEvery == 0) {
      throw new IllegalArgumentException("ANCE negatives need refreshEvery > 0 (steps between refreshes)");
    }
    if (negatives != Negatives.none && hardNegatives == 0) {
      throw new IllegalArgumentException("negatives '" + negatives + "' need hardNegatives >= 1");
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive; got " + value);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s on %s/%s, negatives %s", model, dataset, split, negatives);
  }
}
