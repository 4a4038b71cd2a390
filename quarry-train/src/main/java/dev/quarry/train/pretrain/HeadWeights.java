/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.quarry.onnx.weights.Safetensors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The weights of pre-training's heads (SG-OPT's projection, RetroMAE's decoder layer and MLM head), which exist only
 * while pre-training: drawn as BERT initialises (normal with deviation 0.02, zero biases, LayerNorm at one and zero)
 * from a seeded generator, trained with the encoder, saved in checkpoints under their names and never exported.
 * Linear weights are stored [in, out]. Holds native memory: close it.
 */
final class HeadWeights implements AutoCloseable {
  private final NDManager manager = NDManager.newBaseManager();
  private final SplittableRandom random;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();

  HeadWeights(long seed) {
    this.random = new SplittableRandom(seed * 1_000_003L + 17);
  }

  /** A weight drawn from N(0, 0.02). */
  NDArray normal(String name, long... shape) {
    float[] values = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (gaussian() * 0.02);
    }
    return add(name, values, shape);
  }

  NDArray constant(String name, float value, long... shape) {
    float[] values = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    Arrays.fill(values, value);
    return add(name, values, shape);
  }

  private NDArray add(String name, float[] values, long[] shape) {
    if (parameters.containsKey(name)) {
      throw new IllegalArgumentException("head weight '" + name + "' made twice");
    }
    NDArray array = manager.create(values, new Shape(shape));
    array.setRequiresGradient(true);
    parameters.put(name, array);
    return array;
  }

  private double gaussian() {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  Map<String, NDArray> parameters() {
    return parameters;
  }

  Map<String, Safetensors.Tensor> state() {
    Map<String, Safetensors.Tensor> state = new LinkedHashMap<>();
    parameters.forEach((name, a) -> state.put(name, new Safetensors.Tensor(a.getShape().getShape(),
        a.toFloatArray())));
    return state;
  }

  void restore(Map<String, Safetensors.Tensor> state) {
    parameters.forEach((name, array) -> {
      Safetensors.Tensor t = state.get(name);
      if (t == null) {
        throw new IllegalArgumentException("the saved state lacks '" + name + "'");
      }
      try (NDArray values = manager.create(t.values(), array.getShape())) {
        array.subi(array).addi(values);
      }
    });
  }

  @Override
  public void close() {
    manager.close();
  }
}
