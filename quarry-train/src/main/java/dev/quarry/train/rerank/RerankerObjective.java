/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.rerank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.train.BatchSampler;
import dev.quarry.train.Scalars;
import dev.quarry.train.TrainingObjective;
import dev.quarry.core.training.TrainingExample;
import java.util.ArrayList;
import java.util.List;

/**
 * Training objectives of rerankers on a query's positive and hard negatives.
 *
 * <ul>
 *   <li>a cross-encoder: localized contrastive estimation (Gao, Dai and Callan, ECIR 2021): the softmax
 *       cross-entropy of the positive among the group of (query, passage) logits.</li>
 *   <li>a pairwise reranker: duo-style (Pradeep et al. 2021) binary cross-entropy on both orders of each
 *       (positive, negative) pair: (q, pos, neg) is 1, (q, neg, pos) is 0.</li>
 * </ul>
 */
public final class RerankerObjective implements TrainingObjective {
  private final CrossEncoderHead model;

  /** Trains {@code model} as the kind of reranker it is. */
  public RerankerObjective(CrossEncoderHead model) {
    this.model = model;
  }

  @Override
  public CrossEncoderHead model() {
    return model;
  }

  @Override
  public NDArray loss(NDManager step, List<BatchSampler.Sample> part) {
    if (model.kind() == ModelKind.CROSS_ENCODER) {
      List<String[]> pairs = new ArrayList<>();
      int group = 1 + part.get(0).negatives().size();
      for (BatchSampler.Sample s : part) {
        if (s.negatives().size() + 1 != group) {
          throw new IllegalStateException("every query needs the same number of negatives to train a cross-encoder");
        }
        pairs.add(new String[] {s.example().query(), s.positive().text()});
        for (TrainingExample.Passage n : s.negatives()) {
          pairs.add(new String[] {s.example().query(), n.text()});
        }
      }
      NDArray logits = model.logits(step, model.encoder().tokenizePairs(pairs), true).reshape(part.size(), group);
      float[] target = new float[part.size() * group];
      for (int b = 0; b < part.size(); b++) {
        target[b * group] = 1;
      }
      NDArray sum = logits.logSoftmax(1).mul(step.create(target, new Shape(part.size(), group))).sum();
      return sum.div(Scalars.of(sum, -part.size()));
    }
    List<String[]> triples = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    for (BatchSampler.Sample s : part) {
      for (TrainingExample.Passage n : s.negatives()) {
        triples.add(new String[] {s.example().query(), s.positive().text(), n.text()});
        labels.add(1f);
        triples.add(new String[] {s.example().query(), n.text(), s.positive().text()});
        labels.add(0f);
      }
    }
    if (triples.isEmpty()) {
      throw new IllegalStateException("a pairwise reranker needs negatives to train on");
    }
    NDArray z = model.logits(step, model.encoder().tokenizeTriples(triples, OnnxPairwiseReranker.QUERY_TOKENS), true);
    float[] y = new float[labels.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i);
    }
    NDArray label = step.create(y);
    // binary cross-entropy with logits: y softplus(-z) + (1 - y) softplus(z)
    NDArray notLabel = label.neg().add(Scalars.of(label, 1));
    return label.mul(Activation.softPlus(z.neg())).add(notLabel.mul(Activation.softPlus(z))).mean();
  }
}
