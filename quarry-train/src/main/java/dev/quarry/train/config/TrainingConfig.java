/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.quarry.onnx.ModelKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a training run is set by: a common part (what is trained, from what, on what) and a section per kind of
 * run: {@link LoopSettings} for every run, {@link MiningSettings} for {@code train}, {@link DistillSettings} for
 * {@code distill}, {@link PretrainSettings} for {@code pretrain} (whose common part is only the model, seed and
 * threads). A file is flat YAML or JSON (keys as the fields' names; docs/TRAINING.md lists them), read and
 * validated here, in one place: a key of another kind of run, an unknown key or a value out of range is an error
 * naming the setting as it is written in YAML and on the command line. A {@code reproduce:} block (the figures a
 * configuration produced, see {@code quarry reproduce}) is allowed and ignored here. The effective configuration is
 * printed first and saved as {@code config.json} beside the model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TrainingConfig {
  /** Which command reads the configuration: the sections it may hold follow from it. */
  public enum Use { TRAIN, DISTILL, PRETRAIN }

  /** The common settings a {@code pretrain} configuration holds (it has no dataset, split or test split). */
  private static final Set<String> PRETRAIN_COMMON = Set.of("model", "seed", "threads");

  /** The key of the block {@code quarry reproduce} reads; ignored by training. */
  public static final String REPRODUCE = "reproduce";

  /**
   * What is trained: a dual encoder, ColBERT, or a reranker (a teacher for distillation); a distilled student is what
   * its folder says.
   */
  public ModelKind kind = ModelKind.DENSE;
  public String dataset = "scifact";
  public String split = "train";
  /** Training queries used: a seeded sample of this many of the split's queries with a relevant document (0: all). */
  public int maxQueries = 0;
  /** The model to start from: an embedded model, a model folder, or {@code random:LAYERS:HIDDEN}. */
  public String model = "bge-small-en-v1.5";
  public long seed = 42;
  public int threads = Runtime.getRuntime().availableProcessors();
  /** Evaluate the exported model on this split at the end (empty: skip). */
  public String testSplit = "test";

  @JsonUnwrapped public LoopSettings loop = new LoopSettings();
  @JsonUnwrapped public MiningSettings mining = new MiningSettings();
  @JsonUnwrapped public DistillSettings distill = new DistillSettings();
  @JsonUnwrapped public PretrainSettings pretrain = new PretrainSettings();

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The keys a configuration for {@code use} may hold, in the order they are printed. */
  public static Set<String> keys(Use use) {
    Set<String> keys = new LinkedHashSet<>(fields(TrainingConfig.class));
    if (use == Use.PRETRAIN) {
      keys.retainAll(PRETRAIN_COMMON);
    }
    keys.addAll(fields(LoopSettings.class));
    keys.addAll(fields(switch (use) {
      case TRAIN -> MiningSettings.class;
      case DISTILL -> DistillSettings.class;
      case PRETRAIN -> PretrainSettings.class;
    }));
    return keys;
  }

  private static List<String> fields(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (var f : type.getFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getAnnotation(JsonUnwrapped.class) == null) {
        names.add(f.getName());
      }
    }
    return names;
  }

  /**
   * Reads a YAML or JSON file (JSON is YAML) for {@code use}, then applies {@code overrides} (settings given on the
   * command line, by key) and validates the result.
   */
  public static TrainingConfig read(Path file, Use use, Map<String, Object> overrides) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("configuration file " + file + " does not exist");
    }
    Map<String, Object> settings;
    try {
      settings = Files.size(file) == 0 ? new LinkedHashMap<>() : YAML.readValue(file.toFile(),
          YAML.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (settings == null) {
      settings = new LinkedHashMap<>();
    }
    settings.remove(REPRODUCE);
    try {
      return of(settings, use, overrides);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** A configuration from settings by key, with {@code overrides} applied, checked for {@code use}. */
  public static TrainingConfig of(Map<String, Object> settings, Use use, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(settings);
    merged.putAll(overrides);
    Set<String> allowed = keys(use);
    for (String key : merged.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(unknown(key, use));
      }
    }
    TrainingConfig config;
    try {
      config = JSON.convertValue(merged, TrainingConfig.class);
    } catch (IllegalArgumentException e) {
      String message = e.getCause() instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException("a setting has a value of the wrong type: " + message, e);
    }
    config.validate(use);
    return config;
  }

  private static String unknown(String key, Use use) {
    for (Use other : Use.values()) {
      if (other != use && keys(other).contains(key)) {
        return "'" + key + "' is a " + other.name().toLowerCase(java.util.Locale.ROOT) + " setting; "
            + use.name().toLowerCase(java.util.Locale.ROOT) + " does not read it";
      }
    }
    Set<String> known = new TreeSet<>(keys(use));
    String close = known.stream().filter(k -> k.equalsIgnoreCase(key) || distance(k, key) <= 2).findFirst()
        .map(k -> " (did you mean '" + k + "'?)").orElse("");
    return "unknown setting '" + key + "'" + close;
  }

  /** Levenshtein distance, for suggestions. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] current = new int[b.length() + 1];
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
      }
      previous = current;
    }
    return previous[b.length()];
  }

  /** Checks every value for {@code use}, naming the setting. */
  public void validate(Use use) {
    if (use == Use.PRETRAIN) {
      if (model == null || model.isBlank()) {
        throw Settings.invalid("model", "must name a model", "nothing");
      }
      Settings.positive("threads", threads);
      loop.validate();
      pretrain.validate();
      return;
    }
    if (dataset == null || dataset.isBlank()) {
      throw Settings.invalid("dataset", "must name a BEIR folder or dataset", "nothing");
    }
    if (model == null || model.isBlank()) {
      throw Settings.invalid("model", "must name a model", "nothing");
    }
    Settings.notNegative("maxQueries", maxQueries);
    Settings.positive("threads", threads);
    loop.validate();
    if (use == Use.TRAIN) {
      mining.validate();
      if (kind == ModelKind.COLBERT && mining.negatives == MiningSettings.Negatives.ance) {
        throw Settings.invalid("negatives", "must be none or bm25 for kind colbert (ANCE's refreshes search with a"
            + " dense index)", mining.negatives);
      }
      if (kind.isReranker() && mining.hardNegatives < 1) {
        throw Settings.invalid("hardNegatives", "must be at least 1: a reranker trains on hard negatives", 0);
      }
    } else {
      if (kind != ModelKind.DENSE) {
        throw Settings.invalid("kind", "must be dense: the student's own folder says whether it is a dual encoder"
            + " or ColBERT", kind);
      }
      distill.validate();
    }
  }

  /** The settings a configuration for {@code use} holds, by key, in order (for printing and saving). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> asMap(Use use) {
    Map<String, Object> all = JSON.convertValue(this, LinkedHashMap.class);
    Map<String, Object> shown = new LinkedHashMap<>();
    for (String key : keys(use)) {
      if (all.containsKey(key)) {
        shown.put(key, all.get(key));
      }
    }
    return shown;
  }

  /** Writes the settings for {@code use} as JSON (the run's {@code config.json}). */
  public void write(Path file, Use use) {
    try {
      JSON.writeValue(file.toFile(), asMap(use));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** An independent copy. */
  @JsonIgnore
  public TrainingConfig copy() {
    return JSON.convertValue(JSON.convertValue(this, LinkedHashMap.class), TrainingConfig.class);
  }

  @Override
  public String toString() {
    return kind + " from " + model + " on " + dataset + "/" + split;
  }
}
