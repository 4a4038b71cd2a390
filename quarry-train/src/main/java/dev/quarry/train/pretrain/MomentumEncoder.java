/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.quarry.onnx.TextTokenizer;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MoCo's key encoder (He et al., CVPR 2020; Contriever): a copy of the trained encoder that gets no gradient and
 * follows it by momentum, {@code key = m * key + (1 - m) * query} for every weight, once a step before the step's
 * keys are encoded (MoCo's and Contriever's order; the first update is a no-op, both start equal). Keys are encoded
 * without dropout (Contriever's default). Its weights go into checkpoints. Not thread-safe.
 */
public final class MomentumEncoder implements AutoCloseable {
  private final BertEncoder key;
  private final double momentum;

  /** @param key a copy of the trained encoder's starting weights; its parameters stop taking gradients */
  public MomentumEncoder(BertEncoder key, double momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1); got " + momentum);
    }
    this.key = key;
    this.momentum = momentum;
    key.parameters().values().forEach(p -> p.setRequiresGradient(false));
  }

  public double momentum() {
    return momentum;
  }

  public BertEncoder encoder() {
    return key;
  }

  /** Moves every key weight toward the query encoder's: {@code k = m k + (1 - m) q}, in place. */
  public void update(BertEncoder query) {
    Map<String, NDArray> queryParameters = query.parameters();
    for (Map.Entry<String, NDArray> e : key.parameters().entrySet()) {
      NDArray k = e.getValue();
      NDArray q = queryParameters.get(e.getKey());
      if (q == null) {
        throw new IllegalStateException("the query encoder has no weight '" + e.getKey() + "'");
      }
      // every temporary (the detached view, the scalars, the product) on a scope closed at once; PyTorch-owned
      // scalars, as Scalars makes them, though no gradient flows here
      try (NDManager scope = k.getManager().newSubManager()) {
        NDArray detached = q.stopGradient();
        detached.attach(scope);
        NDArray share = detached.mul(scope.full(new Shape(), (float) (1 - momentum), k.getDataType()));
        k.muli(scope.full(new Shape(), (float) momentum, k.getDataType())).addi(share);
      }
    }
  }

  /** The keys of a batch, [batch, hidden], pooled by the recipe, without gradients or dropout. */
  public NDArray keys(NDManager step, List<TextTokenizer.Tokens> batch) {
    return key.forward(step, batch, false);
  }

  public Map<String, Safetensors.Tensor> state(String prefix) {
    Map<String, Safetensors.Tensor> state = new LinkedHashMap<>();
    key.state().forEach((name, t) -> state.put(prefix + name, t));
    return state;
  }

  public void restore(Map<String, Safetensors.Tensor> state, String prefix) {
    Map<String, Safetensors.Tensor> own = new LinkedHashMap<>();
    state.forEach((name, t) -> {
      if (name.startsWith(prefix)) {
        own.put(name.substring(prefix.length()), t);
      }
    });
    key.restore(own);
  }

  @Override
  public void close() {
    key.close();
  }
}
