/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.rerank;

import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertWeights;
import dev.quarry.train.ModelExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Saves a trained reranker as a folder {@code OnnxCrossEncoder} or {@code OnnxPairwiseReranker} reads: the encoder
 * as {@link ModelExport} writes it (its ONNX graph gives token vectors), the head in {@code head.safetensors}, and
 * {@code quarry.json} with the kind and maximum length. Written atomically.
 */
public final class RerankerExport {
  private RerankerExport() {}

  public static void save(BertWeights encoder, Map<String, Safetensors.Tensor> head, ModelSource base,
      ModelKind kind, int maxLength, Path folder) {
    try (AtomicDirectory out = AtomicDirectory.create(folder, true, ModelManifest.FILE_NAME)) {
      if (!ModelExport.write(encoder, base, out.path())) {
        throw new IllegalStateException("a reranker needs an ONNX graph to run in; " + base.id() + "'s does not fit");
      }
      Safetensors.write(out.path().resolve("head.safetensors"), head, Map.of());
      new ModelManifest(kind, new EncoderRecipe(Pooling.CLS, false, "", "", maxLength), base.id())
          .write(out.path());
      out.commit();
    }
  }

  /**
   * The head of a reranker folder of this kind, so that training goes on from a trained reranker rather than a new
   * head on its encoder; empty for any other model (an embedded encoder, or a reranker of the other kind).
   */
  public static Optional<Map<String, Safetensors.Tensor>> head(Path folder, ModelKind kind) {
    Path head = folder.resolve("head.safetensors");
    if (!Files.isRegularFile(head) || ModelManifest.kindOf(folder, ModelKind.CROSS_ENCODER) != kind) {
      return Optional.empty();
    }
    return Optional.of(new LinkedHashMap<>(Safetensors.read(head)));
  }
}
