/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.weights.OnnxWeights;
import dev.quarry.onnx.weights.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a trained encoder as a Hugging Face-style folder that other tools read too: {@code config.json},
 * {@code tokenizer.json}, {@code model.safetensors} (Hugging Face names and layout), {@code quarry.json} (the
 * recipe), and {@code model.onnx}: the base model's ONNX graph with the trained values written into its
 * initializers, so that Quarry's ONNX Runtime encoders serve the trained model unchanged. A model of another shape
 * (a small BERT trained from random weights) has no graph to borrow and gets one of its own ({@link BertOnnxGraph}).
 * Written atomically.
 */
public final class ModelExport {
  private static final Logger LOG = LoggerFactory.getLogger(ModelExport.class);

  private ModelExport() {}

  /** @return whether a {@code model.onnx} was written */
  public static boolean save(BertWeights weights, ModelSource base, Path folder, boolean overwrite) {
    try (AtomicDirectory out = AtomicDirectory.create(folder, overwrite, ModelManifest.FILE_NAME)) {
      boolean onnx = write(weights, base, out.path());
      out.commit();
      return onnx;
    }
  }

  /** Writes the folder's files into {@code dir}; returns whether {@code model.onnx} was written. */
  public static boolean write(BertWeights weights, ModelSource base, Path dir) {
    weights.config().write(dir.resolve("config.json"));
    try (InputStream tokenizer = base.openTokenizer()) {
      Files.copy(tokenizer, dir.resolve("tokenizer.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the tokenizer of " + base.id() + ": " + e.getMessage(), e);
    }
    Safetensors.write(dir.resolve("model.safetensors"), weights.tensors(), Map.of("format", "pt"));
    new ModelManifest(ModelKind.DENSE, base.recipe(), base.id()).write(dir);
    OnnxWeights graph = base.onnxWeights();
    Map<String, float[]> replacements = weights.toOnnx(graph);
    if (replacements == null) {
      // another shape (a small BERT trained from random weights): a graph of its own
      LOG.info("{}: the weights do not fit the ONNX graph of {} (another shape); writing a graph of their own", dir,
          base.id());
      BertOnnxGraph.write(weights, dir.resolve("model.onnx"));
      return true;
    }
    graph.writeWithWeights(dir.resolve("model.onnx"), replacements);
    return true;
  }
}
