/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx.testing;

import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.weights.Safetensors;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reranker folders (cross-encoder or pairwise) for tests of modules without PyTorch: all-MiniLM-L6-v2's graph and
 * tokenizer with a random linear head on the [CLS] vector, laid out as training exports a reranker
 * ({@code head.safetensors}, {@code quarry.json}). Their scores mean nothing; their computation is the real one.
 */
public final class RerankerModels {
  private RerankerModels() {}

  /** @return the folder, absolute and normalised (the id a teacher cache is named by) */
  public static Path untrained(Path folder, ModelKind kind, long seed) {
    if (kind != ModelKind.CROSS_ENCODER && kind != ModelKind.PAIRWISE) {
      throw new IllegalArgumentException("a reranker is a cross-encoder or pairwise; got " + kind);
    }
    ModelSource base = ModelFiles.copyAllMiniLm(folder);
    SplittableRandom random = new SplittableRandom(seed);
    float[] weight = new float[384];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) (random.nextDouble() * 2 - 1) / 5;
    }
    Safetensors.write(folder.resolve("head.safetensors"), Map.of(
        "classifier.weight", new Safetensors.Tensor(new long[] {1, 384}, weight),
        "classifier.bias", new Safetensors.Tensor(new long[] {1}, new float[] {0.1f})), Map.of());
    new ModelManifest(kind, new EncoderRecipe(Pooling.CLS, false, "", "", 128), base.id()).write(folder);
    return folder.toAbsolutePath().normalize();
  }
}
