/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxCrossEncoder;
import dev.quarry.onnx.OnnxEncoder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a model as a pointwise scorer by what it is, one rule for {@code quarry rerank}, distillation's teachers and
 * {@code quarry serve}: a folder whose {@code quarry.json} names a cross-encoder (or that has a reranker head) is an
 * {@link OnnxCrossEncoder}; a pairwise reranker folder is reported by {@link #kind} (it judges pairs, not passages);
 * a ColBERT model folder scores by MaxSim ({@link ColbertScorer}); anything else (a model folder or an embedded model's
 * name) is scored as a dual encoder ({@link DenseScorer}).
 */
public final class Rerankers {
  /** Passage vectors a dense scorer keeps: 100,000 x 384 floats is 150 MB. */
  static final int DENSE_VECTORS_KEPT = 100_000;
  /** Passages whose token vectors a ColBERT scorer keeps: 20,000 x ~250 x 128 floats is about 2.5 GB at most. */
  static final int COLBERT_PASSAGES_KEPT = 20_000;

  private Rerankers() {}

  /** What {@code nameOrFolder} holds: an embedded model's name is a dense model. */
  public static ModelKind kind(String nameOrFolder) {
    Path folder = Path.of(nameOrFolder);
    if (!Files.isDirectory(folder)) {
      return ModelKind.DENSE;
    }
    return Files.isRegularFile(folder.resolve("head.safetensors")) ? ModelKind.CROSS_ENCODER
        : ModelManifest.kindOf(folder, ModelKind.DENSE);
  }

  /** A pointwise scorer of a cross-encoder, a ColBERT or a dense model; a pairwise reranker is refused. */
  public static Reranker pointwise(String nameOrFolder, int threads) {
    return switch (kind(nameOrFolder)) {
      case CROSS_ENCODER -> new OnnxCrossEncoder(Path.of(nameOrFolder), 8, threads);
      case COLBERT -> new ColbertScorer(new OnnxColbertEncoder(ModelRegistry.resolve(nameOrFolder),
          OnnxEncoder.DEFAULT_BATCH, threads, 1, 0), COLBERT_PASSAGES_KEPT);
      case DENSE -> new DenseScorer(new OnnxEncoder(ModelRegistry.resolve(nameOrFolder)), DENSE_VECTORS_KEPT);
      case PAIRWISE -> throw new IllegalArgumentException(nameOrFolder
          + " is a pairwise reranker: it orders pairs of passages and gives no pointwise score");
    };
  }
}
