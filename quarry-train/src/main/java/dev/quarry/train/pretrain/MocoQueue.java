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

/**
 * MoCo's queue of keys (He et al., CVPR 2020; Contriever's negatives): a ring of {@code size} key vectors of the past
 * steps, first in, first out. Each step's keys are added after its loss is computed, overwriting the oldest once the
 * ring is full; until then only the keys added so far are negatives (MoCo starts from random vectors instead, which
 * are no documents). Its contents and position go into checkpoints, so a resumed run sees the same negatives. On the
 * heap (floats), copied into an array per use; not thread-safe.
 */
public final class MocoQueue {
  private final int size;
  private final int dimension;
  private final float[] keys;
  /** The row the next key goes to. */
  private int next;
  private int filled;

  public MocoQueue(int size, int dimension) {
    if (size < 1 || dimension < 1) {
      throw new IllegalArgumentException("a queue needs a positive size and dimension; got " + size + ", "
          + dimension);
    }
    this.size = size;
    this.dimension = dimension;
    this.keys = new float[size * dimension];
  }

  public int size() {
    return size;
  }

  /** Keys held (at most {@link #size()}). */
  public int filled() {
    return filled;
  }

  /** Adds keys in order, each overwriting the oldest once the queue is full. */
  public void enqueue(float[][] batch) {
    for (float[] key : batch) {
      if (key.length != dimension) {
        throw new IllegalArgumentException("a key of " + key.length + " dimensions in a queue of " + dimension);
      }
      System.arraycopy(key, 0, keys, next * dimension, dimension);
      next = (next + 1) % size;
      filled = Math.min(size, filled + 1);
    }
  }

  /** The keys held, oldest first. */
  public float[][] keys() {
    float[][] out = new float[filled][];
    int oldest = filled < size ? 0 : next;
    for (int i = 0; i < filled; i++) {
      int row = (oldest + i) % size;
      out[i] = Arrays.copyOfRange(keys, row * dimension, (row + 1) * dimension);
    }
    return out;
  }

  /** The keys held as a [filled, dimension] array on {@code manager} (no gradient), or null when empty. */
  public NDArray asArray(NDManager manager) {
    if (filled == 0) {
      return null;
    }
    float[] flat = new float[filled * dimension];
    float[][] held = keys();
    for (int i = 0; i < filled; i++) {
      System.arraycopy(held[i], 0, flat, i * dimension, dimension);
    }
    return manager.create(flat, new Shape(filled, dimension));
  }

  /** For a checkpoint: {@code <prefix>keys} (the ring as stored) and {@code <prefix>position} (next, filled). */
  public Map<String, Safetensors.Tensor> state(String prefix) {
    Map<String, Safetensors.Tensor> state = new LinkedHashMap<>();
    state.put(prefix + "keys", new Safetensors.Tensor(new long[] {size, dimension}, keys.clone()));
    state.put(prefix + "position", new Safetensors.Tensor(new long[] {2}, new float[] {next, filled}));
    return state;
  }

  public void restore(Map<String, Safetensors.Tensor> state, String prefix) {
    Safetensors.Tensor saved = state.get(prefix + "keys");
    Safetensors.Tensor position = state.get(prefix + "position");
    if (saved == null || position == null || saved.values().length != keys.length) {
      throw new IllegalArgumentException("the saved state lacks a queue of " + size + " x " + dimension + " ("
          + prefix + "keys)");
    }
    System.arraycopy(saved.values(), 0, keys, 0, keys.length);
    next = (int) position.values()[0];
    filled = (int) position.values()[1];
  }
}
