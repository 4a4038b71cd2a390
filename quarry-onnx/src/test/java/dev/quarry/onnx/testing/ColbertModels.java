/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx.testing;

import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.weights.Safetensors;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ColBERT model folders for tests of modules without PyTorch: an embedded model's graph and tokenizer with a random
 * 128-dimensional projection, laid out as training exports a ColBERT model (no ColBERT weights can be had here).
 */
public final class ColbertModels {
  private ColbertModels() {}

  /**
   * An untrained ColBERT head on all-MiniLM-L6-v2: queries of 32 tokens, passages of 64.
   *
   * @return the folder, absolute and normalised (the id an index records)
   */
  public static Path untrained(Path folder, long seed) {
    ModelSource base = ModelFiles.copyAllMiniLm(folder);
    SplittableRandom random = new SplittableRandom(seed);
    float[] weight = new float[128 * 384];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) (random.nextDouble() * 2 - 1) / 20;
    }
    Safetensors.write(folder.resolve(OnnxColbertEncoder.PROJECTION), Map.of(OnnxColbertEncoder.PROJECTION_WEIGHT,
        new Safetensors.Tensor(new long[] {128, 384}, weight)), Map.of());
    new ModelManifest(ModelKind.COLBERT, new EncoderRecipe(Pooling.CLS, true, "", "", 64), base.id(), 32)
        .write(folder);
    return folder.toAbsolutePath().normalize();
  }
}
