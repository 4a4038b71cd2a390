/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;

/**
 * A masked-language-model head as BERT's ({@code BertLMPredictionHead}): a transform (dense, GELU, LayerNorm) new
 * here, since the embedded ONNX models carry no MLM head, then scores over the vocabulary with the decoder tied to the
 * encoder's word embeddings (the same array, so the gradient reaches them) plus a bias of its own. RetroMAE's encoder
 * and decoder share it, as RetroMAE's code does.
 */
final class MlmHead {
  private final NDArray dense;
  private final NDArray denseBias;
  private final NDArray normWeight;
  private final NDArray normBias;
  private final NDArray bias;
  private final NDArray wordEmbeddings;
  private final float eps;

  MlmHead(HeadWeights weights, String prefix, int hidden, NDArray wordEmbeddings, double layerNormEps) {
    long vocabulary = wordEmbeddings.getShape().get(0);
    this.dense = weights.normal(prefix + "transform.dense.weight", hidden, hidden);
    this.denseBias = weights.constant(prefix + "transform.dense.bias", 0f, hidden);
    this.normWeight = weights.constant(prefix + "transform.LayerNorm.weight", 1f, hidden);
    this.normBias = weights.constant(prefix + "transform.LayerNorm.bias", 0f, hidden);
    this.bias = weights.constant(prefix + "bias", 0f, vocabulary);
    this.wordEmbeddings = wordEmbeddings;
    this.eps = (float) layerNormEps;
  }

  /** [N, hidden] states to [N, vocabulary] scores; intermediate arrays go to {@code step}. */
  NDArray logits(NDManager step, NDArray x) {
    NDArray t = Activation.gelu(x.matMul(dense).addi(denseBias));
    t = LayerNorm.layerNorm(t, new Shape(dense.getShape().get(1)), normWeight, normBias, eps).singletonOrThrow();
    NDArray tied = wordEmbeddings.transpose();
    tied.attach(step);
    return t.matMul(tied).addi(bias);
  }
}
