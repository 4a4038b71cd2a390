/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quarry.core.NativeCalls;
import dev.quarry.core.io.ContentDigest;
import dev.quarry.onnx.weights.OnnxWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model's {@code tokenizer.json} and {@code model.onnx} come from (classpath resources of an embedded model,
 * or a local folder), with its recipe.
 *
 * @param id the model's stable name: the embedded name, or the folder's absolute path
 * @param origin where it comes from, for people (a Maven artifact and the model card, or a folder)
 * @param recipe pooling, normalisation, prefixes, maximum length
 * @param folder the local folder, or null for an embedded model
 * @param tokenizerResource the classpath resource of an embedded model's tokenizer.json, or null
 * @param onnxResource the classpath resource of an embedded model's ONNX file, or null
 * @param config for an embedded model, the architecture settings its artifact lacks (Hugging Face
 *     {@code config.json} keys, from the model card); empty for a folder, whose {@code config.json} says them
 */
public record ModelSource(String id, String origin, EncoderRecipe recipe, Path folder, String tokenizerResource,
    String onnxResource, Map<String, Object> config) {

  public ModelSource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(recipe, "recipe");
    if ((folder == null) == (onnxResource == null)) {
      throw new IllegalArgumentException("a model comes from a folder or from classpath resources, not both");
    }
    config = config == null ? Map.of() : Map.copyOf(config);
  }

  public boolean embedded() {
    return folder == null;
  }

  /** What the model is: an embedded model is a dual encoder; a folder says so in its {@code quarry.json}. */
  public ModelKind kind() {
    return folder == null ? ModelKind.DENSE : ModelManifest.kindOf(folder, ModelKind.DENSE);
  }

  /**
   * Refuses a model of another kind than {@code expected}, naming both, with {@code hint} saying what to use instead.
   */
  public void requireKind(ModelKind expected, String hint) {
    ModelKind kind = kind();
    if (kind != expected) {
      throw new IllegalArgumentException("model " + id + " is a " + kind + " model, not a " + expected + " model"
          + (hint.isEmpty() ? "" : "; " + hint));
    }
  }

  public ModelSource withRecipe(EncoderRecipe other) {
    return new ModelSource(id, origin, other, folder, tokenizerResource, onnxResource, config);
  }

  /**
   * What identifies this model's weights for caching: an embedded model's name, or for a folder a digest of its
   * {@code model.onnx} (and of a reranker's {@code head.safetensors} or a ColBERT model's projection), so that a retrained model is never mistaken
   * for the old one and a moved folder keeps its cached results.
   */
  public String fingerprint() {
    if (folder == null) {
      return id;
    }
    String weights = ContentDigest.of(folder.resolve("model.onnx"));
    for (String extra : new String[] {"head.safetensors", OnnxColbertEncoder.PROJECTION}) {
      Path file = folder.resolve(extra);
      if (Files.isRegularFile(file)) {
        weights = ContentDigest.of(weights + ContentDigest.of(file));
      }
    }
    return "onnx-" + weights;
  }

  /** A short name for file names and logs: the embedded name, or the folder's name. */
  public String shortName() {
    return folder == null ? id : folder.getFileName().toString();
  }

  public InputStream openTokenizer() throws IOException {
    if (folder != null) {
      return Files.newInputStream(folder.resolve("tokenizer.json"));
    }
    return openResource(tokenizerResource);
  }

  /** The model's ONNX weights, located for reading and for writing trained values back. */
  public OnnxWeights onnxWeights() {
    if (folder != null) {
      return OnnxWeights.read(folder.resolve("model.onnx"));
    }
    try (InputStream in = openResource(onnxResource)) {
      return OnnxWeights.read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + onnxResource + " from the classpath", e);
    }
  }

  /**
   * Whether the graph quantizes activations at run time ({@code DynamicQuantizeLinear}, as dynamic int8 exports do):
   * its scale is computed over everything in one call, so the texts of a batch change each other's vectors.
   */
  public boolean quantizesActivationsPerCall() {
    return onnxWeights().nodes().stream().anyMatch(node -> node.opType().equals("DynamicQuantizeLinear"));
  }

  /** Opens an ONNX Runtime session on the model's ONNX file (a {@link NativeCalls} call). */
  public OrtSession openSession(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException {
    if (folder != null) {
      return NativeCalls.call(() -> env.createSession(folder.resolve("model.onnx").toString(), options));
    }
    try (InputStream in = openResource(onnxResource)) {
      byte[] bytes = in.readAllBytes();
      return NativeCalls.call(() -> env.createSession(bytes, options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + onnxResource + " from the classpath", e);
    }
  }

  private InputStream openResource(String name) throws IOException {
    InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("model " + id + ": resource " + name + " is not on the classpath (" + origin + ")");
    }
    return in;
  }

  @Override
  public String toString() {
    return id + " (" + recipe + ")";
  }
}
