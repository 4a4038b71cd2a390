/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.colbert;

import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertWeights;
import dev.quarry.train.ModelExport;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves a trained ColBERT model as a folder {@link OnnxColbertEncoder} reads: the transformer as {@link ModelExport}
 * writes it (the base graph with the trained weights, giving token vectors), the projection in
 * {@value OnnxColbertEncoder#PROJECTION}, and {@code quarry.json} naming a {@code colbert} model with its query length
 * and the passage length it indexes with. Written atomically. A model of a shape no base graph has (a small random
 * one) is saved without {@code model.onnx}, as {@link ModelExport} does.
 */
public final class ColbertExport {
  private ColbertExport() {}

  /** @return whether a {@code model.onnx} was written */
  public static boolean save(BertWeights encoder, Safetensors.Tensor projection, ModelSource base, int queryLength,
      int indexLength, Path folder) {
    try (AtomicDirectory out = AtomicDirectory.create(folder, true, ModelManifest.FILE_NAME)) {
      boolean onnx = ModelExport.write(encoder, base, out.path());
      Safetensors.write(out.path().resolve(OnnxColbertEncoder.PROJECTION),
          Map.of(OnnxColbertEncoder.PROJECTION_WEIGHT, projection), Map.of());
      new ModelManifest(ModelKind.COLBERT, new EncoderRecipe(Pooling.CLS, true, "", "", indexLength), base.id(),
          queryLength).write(out.path());
      out.commit();
      return onnx;
    }
  }
}
