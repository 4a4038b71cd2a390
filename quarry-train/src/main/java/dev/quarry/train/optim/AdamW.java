/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.quarry.onnx.weights.Safetensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019),
 * with global gradient-norm clipping. Biases and LayerNorm parameters are not decayed, as in BERT's fine-tuning.
 * Each tensor is updated by DJL's fused native Adam kernel in its AdamW mode; this class adds what DJL's
 * {@code Adam} optimizer lacks: global norm clipping, per-parameter decay, and moments that a checkpoint saves and
 * restores exactly. Not thread-safe.
 */
public final class AdamW {
  private final Map<String, NDArray> parameters;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final List<String> nonFinite = new ArrayList<>();
  private long steps;

  public AdamW(NDManager manager, Map<String, NDArray> parameters, float weightDecay) {
    this(manager, parameters, 0.9f, 0.999f, 1e-6f, weightDecay);
  }

  public AdamW(NDManager manager, Map<String, NDArray> parameters, float beta1, float beta2, float epsilon,
      float weightDecay) {
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must be in [0, 1); got " + beta1 + ", " + beta2);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must not be negative; got " + weightDecay);
    }
    this.parameters = parameters;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    parameters.forEach((name, p) -> {
      firstMoments.put(name, manager.zeros(p.getShape()));
      secondMoments.put(name, manager.zeros(p.getShape()));
    });
  }

  /** Updates steps taken so far. */
  public long steps() {
    return steps;
  }

  /**
   * Clips the gradients to a global L2 norm of {@code maxNorm} (0: no clipping), takes one step at learning rate
   * {@code learningRate}, and zeroes the gradients. Call outside a gradient collector.
   *
   * @return the gradient norm before clipping; when it is not finite, no update is made (and the moments and step
   *     count stay as they were)
   */
  public float step(float learningRate, float maxNorm) {
    Map<String, NDArray> gradients = new LinkedHashMap<>();
    double squared = 0;
    nonFinite.clear();
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray g = e.getValue().getGradient();
      gradients.put(e.getKey(), g);
      try (NDArray norm = g.norm()) {
        double n = norm.getFloat();
        squared += n * n;
        if (!Double.isFinite(n)) {
          nonFinite.add(e.getKey());
        }
      }
    }
    float norm = (float) Math.sqrt(squared);
    if (!Float.isFinite(norm)) {
      // a non-finite gradient would poison every weight: skip the update, as mixed-precision trainers do
      for (NDArray g : gradients.values()) {
        zero(g);
        g.close();
      }
      return norm;
    }
    float scale = maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6f) : 1f;
    steps++;
    // Adam's bias corrections folded into the step size (Kingma and Ba, section 2's efficient form)
    float corrected = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, steps)) / (1 - Math.pow(beta1, steps)));
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      String name = e.getKey();
      NDArray p = e.getValue();
      NDArray g = gradients.get(name);
      // one fused native update per tensor (DJL's PyTorch kernel, decoupled weight decay when adamw is set)
      p.getNDArrayInternal().adamUpdate(new NDList(p, g, firstMoments.get(name), secondMoments.get(name)),
          new NDList(p), learningRate, corrected, decays(name) ? weightDecay : 0f, scale, -1f, beta1, beta2, epsilon,
          false, true);
      zero(g);
      g.close();
    }
    return norm;
  }

  /** Zeroes a gradient in place; subtracting it from itself would leave NaN as NaN. */
  private static void zero(NDArray g) {
    g.set(new NDIndex("..."), 0f);
  }

  /** The parameters whose gradient was not finite at the last {@link #step}, for diagnosis. */
  public List<String> nonFiniteGradients() {
    return List.copyOf(nonFinite);
  }

  static boolean decays(String name) {
    return !name.endsWith(".bias") && !name.contains("LayerNorm");
  }

  /** The moments, for a checkpoint: {@code m.<name>} and {@code v.<name>}. */
  public Map<String, Safetensors.Tensor> state() {
    Map<String, Safetensors.Tensor> state = new LinkedHashMap<>();
    firstMoments.forEach((n, a) -> state.put("m." + n, new Safetensors.Tensor(a.getShape().getShape(), a.toFloatArray())));
    secondMoments.forEach((n, a) -> state.put("v." + n, new Safetensors.Tensor(a.getShape().getShape(), a.toFloatArray())));
    return state;
  }

  /** Restores the moments and the step count saved by {@link #state()}. */
  public void restore(Map<String, Safetensors.Tensor> state, long stepsTaken) {
    for (String name : parameters.keySet()) {
      for (Map.Entry<String, Map<String, NDArray>> kind : Map.of("m.", firstMoments, "v.", secondMoments).entrySet()) {
        Safetensors.Tensor t = state.get(kind.getKey() + name);
        if (t == null) {
          throw new IllegalArgumentException("optimizer state lacks '" + kind.getKey() + name + "'");
        }
        NDArray target = kind.getValue().get(name);
        try (NDArray values = target.getManager().create(t.values(), target.getShape())) {
          target.subi(target).addi(values);
        }
      }
    }
    this.steps = stepsTaken;
  }
}
