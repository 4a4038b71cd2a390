/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.weights.OnnxWeights;
import dev.quarry.onnx.weights.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A BERT encoder's weights under Hugging Face's names and layouts ({@code encoder.layer.0.attention.self.query.weight},
 * linear weights stored [out, in] as PyTorch does), loaded from an ONNX export, a safetensors file, or drawn at random.
 *
 * <p>ONNX exports keep embeddings, biases and LayerNorm parameters under their Hugging Face names, but give the
 * linear weights generated names ({@code onnx::MatMul_1525}) stored [in, out]; each takes its name from the MatMul
 * node that consumes it ({@code /encoder/layer.0/attention/self/query/MatMul} gives
 * {@code encoder.layer.0.attention.self.query.weight}) and is transposed.
 *
 * @param config the architecture
 * @param tensors name to tensor, Hugging Face layout
 */
public record BertWeights(BertConfig config, Map<String, Safetensors.Tensor> tensors) {

  public BertWeights {
    tensors = Map.copyOf(tensors);
    for (String name : names(config)) {
      if (!tensors.containsKey(name)) {
        throw new IllegalArgumentException("weights lack '" + name + "'");
      }
    }
  }

  /** The names of every weight of a BERT encoder of this shape (no pooler: retrieval pools itself). */
  public static List<String> names(BertConfig config) {
    List<String> names = new java.util.ArrayList<>(List.of("embeddings.word_embeddings.weight",
        "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
        "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
    for (int l = 0; l < config.layers(); l++) {
      String p = "encoder.layer." + l + ".";
      for (String linear : List.of("attention.self.query", "attention.self.key", "attention.self.value",
          "attention.output.dense", "intermediate.dense", "output.dense")) {
        names.add(p + linear + ".weight");
        names.add(p + linear + ".bias");
      }
      for (String norm : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
        names.add(p + norm + ".weight");
        names.add(p + norm + ".bias");
      }
    }
    return names;
  }

  /** The weights of a model: its folder's {@code model.safetensors} if it has one, else its ONNX file. */
  public static BertWeights load(ModelSource model) {
    if (model.folder() != null && Files.isRegularFile(model.folder().resolve("model.safetensors"))) {
      Path config = model.folder().resolve("config.json");
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("model folder " + model.folder() + " has model.safetensors but no config.json");
      }
      return fromSafetensors(model.folder().resolve("model.safetensors"), BertConfig.read(config));
    }
    return fromOnnx(model.onnxWeights(), model);
  }

  public static BertWeights fromSafetensors(Path file, BertConfig config) {
    Map<String, Safetensors.Tensor> named = new LinkedHashMap<>();
    Safetensors.read(file).forEach((name, t) -> named.put(name.startsWith("bert.") ? name.substring(5) : name, t));
    Map<String, Safetensors.Tensor> kept = new LinkedHashMap<>();
    for (String name : names(config)) {
      if (named.containsKey(name)) {
        kept.put(name, named.get(name));
      }
    }
    return new BertWeights(config, kept);
  }

  /** Reads the weights of an ONNX export; the architecture comes from the shapes and the model's config. */
  public static BertWeights fromOnnx(OnnxWeights onnx, ModelSource model) {
    Map<String, Safetensors.Tensor> named = new LinkedHashMap<>();
    Map<String, List<OnnxWeights.Node>> consumers = onnx.consumers();
    for (OnnxWeights.Tensor t : onnx.tensors().values()) {
      String name = t.name();
      float[] values = onnx.values(name);
      if (name.startsWith("embeddings.") || name.startsWith("encoder.")) {
        named.put(name, new Safetensors.Tensor(t.shape(), values));
        continue;
      }
      List<OnnxWeights.Node> readers = consumers.getOrDefault(name, List.of());
      if (readers.size() == 1 && readers.get(0).opType().equals("MatMul") && t.shape().length == 2) {
        String node = readers.get(0).name();
        String hfName = node.replaceFirst("^/", "").replaceFirst("/MatMul$", "").replace('/', '.') + ".weight";
        named.put(hfName, transpose(new Safetensors.Tensor(t.shape(), values)));
      }
    }
    Map<String, Object> hints = new HashMap<>(model.config());
    if (model.folder() != null && Files.isRegularFile(model.folder().resolve("config.json"))) {
      BertConfig declared = BertConfig.read(model.folder().resolve("config.json"));
      hints.put("num_attention_heads", declared.heads());
      hints.put("layer_norm_eps", declared.layerNormEps());
    }
    Safetensors.Tensor words = required(named, "embeddings.word_embeddings.weight", model);
    int layers = 0;
    while (named.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
      layers++;
    }
    BertConfig config = new BertConfig((int) words.shape()[0], (int) words.shape()[1], layers,
        ((Number) hints.getOrDefault("num_attention_heads", 12)).intValue(),
        (int) required(named, "encoder.layer.0.intermediate.dense.weight", model).shape()[0],
        (int) required(named, "embeddings.position_embeddings.weight", model).shape()[0],
        (int) required(named, "embeddings.token_type_embeddings.weight", model).shape()[0],
        ((Number) hints.getOrDefault("layer_norm_eps", 1e-12)).doubleValue());
    Map<String, Safetensors.Tensor> kept = new LinkedHashMap<>();
    for (String name : names(config)) {
      kept.put(name, required(named, name, model));
    }
    return new BertWeights(config, kept);
  }

  private static Safetensors.Tensor required(Map<String, Safetensors.Tensor> named, String name, ModelSource model) {
    Safetensors.Tensor t = named.get(name);
    if (t == null) {
      throw new IllegalArgumentException("model " + model.id() + " is not a BERT encoder Quarry can train: its ONNX"
          + " graph has no weight '" + name + "'");
    }
    return t;
  }

  /** Weights drawn as BERT initialises them: normal(0, 0.02), zero biases, LayerNorm at one and zero. */
  public static BertWeights random(BertConfig config, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    for (String name : names(config)) {
      long[] shape = shapeOf(config, name);
      int size = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      float[] values = new float[size];
      if (name.endsWith("LayerNorm.weight")) {
        java.util.Arrays.fill(values, 1f);
      } else if (!name.endsWith(".bias")) {
        for (int i = 0; i < size; i++) {
          values[i] = (float) (gaussian(random) * 0.02);
        }
      }
      tensors.put(name, new Safetensors.Tensor(shape, values));
    }
    return new BertWeights(config, tensors);
  }

  static long[] shapeOf(BertConfig c, String name) {
    if (name.endsWith("word_embeddings.weight")) {
      return new long[] {c.vocabSize(), c.hidden()};
    }
    if (name.endsWith("position_embeddings.weight")) {
      return new long[] {c.maxPositions(), c.hidden()};
    }
    if (name.endsWith("token_type_embeddings.weight")) {
      return new long[] {c.typeVocab(), c.hidden()};
    }
    if (name.contains("LayerNorm")) {
      return new long[] {c.hidden()};
    }
    boolean bias = name.endsWith(".bias");
    if (name.contains("intermediate.dense")) {
      return bias ? new long[] {c.intermediate()} : new long[] {c.intermediate(), c.hidden()};
    }
    if (name.contains(".output.dense") && !name.contains("attention")) {
      return bias ? new long[] {c.hidden()} : new long[] {c.hidden(), c.intermediate()};
    }
    return bias ? new long[] {c.hidden()} : new long[] {c.hidden(), c.hidden()};
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  static Safetensors.Tensor transpose(Safetensors.Tensor t) {
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    float[] out = new float[t.values().length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = t.values()[r * cols + c];
      }
    }
    return new Safetensors.Tensor(new long[] {cols, rows}, out);
  }

  /**
   * The ONNX initializer values for these weights, in each initializer's own layout, or null when these weights do
   * not fill the graph exactly (another number of layers or another size): a graph must never be half updated.
   */
  public Map<String, float[]> toOnnx(OnnxWeights onnx) {
    Map<String, float[]> replacements = new LinkedHashMap<>();
    Map<String, List<OnnxWeights.Node>> consumers = onnx.consumers();
    int graphWeights = 0;
    for (OnnxWeights.Tensor t : onnx.tensors().values()) {
      String name = t.name();
      boolean transposed = false;
      if (!name.startsWith("embeddings.") && !name.startsWith("encoder.")) {
        List<OnnxWeights.Node> readers = consumers.getOrDefault(name, List.of());
        if (readers.size() != 1 || !readers.get(0).opType().equals("MatMul")) {
          continue;
        }
        name = readers.get(0).name().replaceFirst("^/", "").replaceFirst("/MatMul$", "").replace('/', '.') + ".weight";
        transposed = true;
      }
      graphWeights++;
      Safetensors.Tensor w = tensors.get(name);
      if (w == null || w.values().length != t.size()) {
        return null;
      }
      replacements.put(t.name(), transposed ? transpose(w).values() : w.values());
    }
    return graphWeights == tensors.size() ? replacements : null;
  }
}
