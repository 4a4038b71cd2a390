/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.quarry.train.BertConfig;
import dev.quarry.train.Scalars;

/**
 * RetroMAE's one-layer decoder with enhanced decoding (Xiao et al., EMNLP 2022, section 3.3; {@code
 * BertLayerForDecoder} in its code): a BERT layer whose attention takes its queries from one stream and its keys and
 * values from another. The query stream is the sentence embedding plus each position's embedding ({@code h + p_i});
 * the content stream is the sentence embedding at position 0 followed by the embeddings of the passage's own tokens.
 * A per-row attention mask (from {@link RetroMaeMasks}) lets position i see a sampled part of the content and never
 * itself, so every token is reconstructed from the embedding and a heavily masked context. The residual follows the
 * query stream. Its weights are new ({@link HeadWeights}), stored [in, out].
 */
final class RetroMaeDecoder {
  private final BertConfig config;
  private final HeadWeights weights;
  private final String prefix;
  private final float dropout;

  RetroMaeDecoder(HeadWeights weights, String prefix, BertConfig config, float dropout) {
    this.config = config;
    this.weights = weights;
    this.prefix = prefix;
    this.dropout = dropout;
    int h = config.hidden();
    for (String linear : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense"}) {
      weights.normal(prefix + linear + ".weight", h, h);
      weights.constant(prefix + linear + ".bias", 0f, h);
    }
    weights.normal(prefix + "intermediate.dense.weight", h, config.intermediate());
    weights.constant(prefix + "intermediate.dense.bias", 0f, config.intermediate());
    weights.normal(prefix + "output.dense.weight", config.intermediate(), h);
    weights.constant(prefix + "output.dense.bias", 0f, h);
    for (String norm : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
      weights.constant(prefix + norm + ".weight", 1f, h);
      weights.constant(prefix + norm + ".bias", 0f, h);
    }
  }

  /**
   * @param query [B, W, H] the query stream
   * @param content [B, W, H] the content stream (keys and values)
   * @param visible [B, W, W]: 1 where row i may attend to column j, else 0
   * @return [B, W, H]
   */
  NDArray forward(NDManager step, NDArray query, NDArray content, NDArray visible, boolean training) {
    int b = (int) query.getShape().get(0);
    int w = (int) query.getShape().get(1);
    int heads = config.heads();
    int d = config.headSize();
    NDArray q = linear(query, "attention.self.query").reshape(b, w, heads, d).transpose(0, 2, 1, 3);
    NDArray k = linear(content, "attention.self.key").reshape(b, w, heads, d).transpose(0, 2, 3, 1);
    NDArray v = linear(content, "attention.self.value").reshape(b, w, heads, d).transpose(0, 2, 1, 3);
    NDArray bias = visible.neg().addi(1).muli(-1e9f).reshape(b, 1, w, w);
    NDArray scores = q.matMul(k);
    scores = scores.div(Scalars.of(scores, Math.sqrt(d))).add(bias);
    NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, w, config.hidden());
    NDArray attended = dropout(linear(context, "attention.output.dense"), training).add(query);
    attended = norm(attended, "attention.output.LayerNorm");
    NDArray inner = Activation.gelu(linear(attended, "intermediate.dense"));
    NDArray out = dropout(linear(inner, "output.dense"), training).add(attended);
    return norm(out, "output.LayerNorm");
  }

  private NDArray linear(NDArray x, String name) {
    return x.matMul(weights.parameters().get(prefix + name + ".weight"))
        .addi(weights.parameters().get(prefix + name + ".bias"));
  }

  private NDArray norm(NDArray x, String name) {
    return LayerNorm.layerNorm(x, new Shape(config.hidden()), weights.parameters().get(prefix + name + ".weight"),
        weights.parameters().get(prefix + name + ".bias"), (float) config.layerNormEps()).singletonOrThrow();
  }

  private NDArray dropout(NDArray x, boolean training) {
    return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
  }
}
