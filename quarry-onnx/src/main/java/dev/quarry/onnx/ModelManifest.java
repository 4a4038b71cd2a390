/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model folder's {@code quarry.json}, its one reader and writer: the model's kind, its recipe (pooling,
 * normalisation, prefixes, maximum length) and, for a model Quarry trained, the model it was trained from.
 *
 * <pre>{"kind": "dense", "pooling": "cls", "normalize": true, "query_prefix": "...", "passage_prefix": "",
 *  "max_length": 512, "base_model": "bge-small-en-v1.5"}</pre>
 *
 * A ColBERT model adds {@code "query_length": 32}; its {@code max_length} is the passage length it indexes with.
 *
 * @param kind what the folder holds
 * @param recipe how its encoder is run
 * @param baseModel the model it was trained from, or null
 * @param queryLength for a ColBERT model, the tokens every query is padded or cut to (ColBERT's 32); else 0
 */
public record ModelManifest(ModelKind kind, EncoderRecipe recipe, String baseModel, int queryLength) {
  public static final String FILE_NAME = "quarry.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ModelManifest {
    java.util.Objects.requireNonNull(kind, "kind");
    java.util.Objects.requireNonNull(recipe, "recipe");
    if (queryLength < 0 || (kind == ModelKind.COLBERT) != (queryLength > 0)) {
      throw new IllegalArgumentException("query_length must be positive for a colbert model and absent for any other;"
          + " got " + queryLength + " for a " + kind + " model");
    }
  }

  public ModelManifest(ModelKind kind, EncoderRecipe recipe, String baseModel) {
    this(kind, recipe, baseModel, 0);
  }

  /**
   * Reads {@code folder}'s {@code quarry.json}, each value it lacks taken from {@code defaults} (what the folder's
   * other files say, such as a sentence-transformers pooling configuration) and {@code defaultKind}.
   *
   * @return empty when the folder has no {@code quarry.json}
   */
  public static Optional<ModelManifest> read(Path folder, ModelKind defaultKind, EncoderRecipe defaults) {
    Path file = folder.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      ModelKind kind = node.has("kind") ? ModelKind.parse(node.get("kind").asText()) : defaultKind;
      Pooling pooling = node.has("pooling") ? Pooling.parse(node.get("pooling").asText()) : defaults.pooling();
      EncoderRecipe recipe = new EncoderRecipe(pooling, node.path("normalize").asBoolean(defaults.normalize()),
          node.path("query_prefix").asText(defaults.queryPrefix()),
          node.path("passage_prefix").asText(defaults.passagePrefix()),
          node.path("max_length").asInt(defaults.maxLength()));
      return Optional.of(new ModelManifest(kind, recipe, node.hasNonNull("base_model")
          ? node.get("base_model").asText() : null, node.path("query_length").asInt(0)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The kind a folder's {@code quarry.json} names, or {@code defaultKind} when it has none. */
  public static ModelKind kindOf(Path folder, ModelKind defaultKind) {
    return read(folder, defaultKind, new EncoderRecipe(Pooling.CLS, false, "", "", 512)).map(ModelManifest::kind)
        .orElse(defaultKind);
  }

  public void write(Path folder) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("kind", kind.label());
    node.put("pooling", recipe.pooling().name().toLowerCase(Locale.ROOT));
    node.put("normalize", recipe.normalize());
    node.put("query_prefix", recipe.queryPrefix());
    node.put("passage_prefix", recipe.passagePrefix());
    node.put("max_length", recipe.maxLength());
    if (baseModel != null) {
      node.put("base_model", baseModel);
    }
    if (queryLength > 0) {
      node.put("query_length", queryLength);
    }
    try {
      Files.writeString(folder.resolve(FILE_NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }
}
