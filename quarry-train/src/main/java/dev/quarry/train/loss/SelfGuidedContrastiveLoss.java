/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.quarry.train.Scalars;

/**
 * SG-OPT's contrastive loss (Kim, Yoo and Lee, "Self-Guided Contrastive Learning for BERT Sentence Representations",
 * ACL 2021, section 3, the redesigned NT-Xent): the trained copy's sentence vector c_i is the anchor; each pooled layer
 * h_{i,k} of the frozen copy on the same sentence is a positive; every pooled layer h_{m,n} of the batch's other
 * sentences is a negative. Only the terms with c_i as the anchor are kept (the frozen copy gets no gradient, and c
 * against c is dropped). phi(u, v) = exp(cos(u, v) / t), on the projection head's outputs:
 *
 * <pre>loss = -1/(B L) sum_i sum_k log( phi(c_i, h_ik) / (phi(c_i, h_ik) + sum_{m != i} sum_n phi(c_i, h_mn)) )</pre>
 */
public final class SelfGuidedContrastiveLoss {
  private final float temperature;

  public SelfGuidedContrastiveLoss(float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive; got " + temperature);
    }
    this.temperature = temperature;
  }

  /**
   * @param anchors [B, P]: the trained copy's projected sentence vectors, recorded for gradients
   * @param layers [B, L, P]: the frozen copy's projected pooled layers
   * @return the mean over sentences and layers, a scalar
   */
  public NDArray compute(NDManager step, NDArray anchors, NDArray layers) {
    int b = (int) layers.getShape().get(0);
    int l = (int) layers.getShape().get(1);
    int p = (int) layers.getShape().get(2);
    NDArray c = unit(anchors);
    NDArray h = unit(layers.reshape(b * l, p));
    NDArray products = c.matMul(h.transpose());
    NDArray logits = products.div(Scalars.of(products, temperature));
    // row (i, k): column 0 is h_ik, then h_mn for every m != i; picked from the [B, B L] logits as rows of a table
    int columns = 1 + (b - 1) * l;
    long[] picks = new long[b * l * columns];
    int at = 0;
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < l; k++) {
        picks[at++] = (long) i * b * l + i * l + k;
        for (int m = 0; m < b; m++) {
          for (int n = 0; m != i && n < l; n++) {
            picks[at++] = (long) i * b * l + m * l + n;
          }
        }
      }
    }
    NDArray table = logits.reshape(b * b * l, 1);
    NDArray picked = Embedding.embedding(step.create(picks, new Shape(b * l, columns)), table, SparseFormat.DENSE)
        .singletonOrThrow().reshape(b * l, columns);
    NDArray positive = picked.logSoftmax(1).get(new NDIndex(":, 0"));
    NDArray sum = positive.sum();
    return sum.div(Scalars.of(sum, -(double) b * l));
  }

  private static NDArray unit(NDArray x) {
    NDArray norm = x.norm(new int[] {1}, true);
    return x.div(norm.maximum(Scalars.of(norm, 1e-12)));
  }

  @Override
  public String toString() {
    return "SG-OPT NT-Xent(temperature=" + temperature + ")";
  }
}
