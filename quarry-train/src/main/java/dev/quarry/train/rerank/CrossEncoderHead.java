/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.rerank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.TextTokenizer;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.TrainableModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A BERT encoder with a linear head on its [CLS] vector: one logit per sequence, the architecture of BERT
 * cross-encoders (Nogueira and Cho 2019) and of pairwise rerankers (duoBERT). The head is Hugging Face's
 * {@code classifier} ([1, hidden] and [1]). Owns its encoder.
 */
public final class CrossEncoderHead implements TrainableModel {
  public static final String WEIGHT = "classifier.weight";
  public static final String BIAS = "classifier.bias";

  private final BertEncoder encoder;
  private final ModelKind kind;
  private final NDManager manager = NDManager.newBaseManager();
  private final NDArray weight;
  private final NDArray bias;

  /**
   * @param kind what the model is trained as (a cross-encoder or a pairwise reranker), for its export
   * @param head a saved head, or null to start from normal(0, 0.02) weights and a zero bias
   */
  public CrossEncoderHead(BertEncoder encoder, ModelKind kind, Map<String, Safetensors.Tensor> head, long seed) {
    if (!kind.isReranker()) {
      throw new IllegalArgumentException("a head on an encoder makes a reranker, not a " + kind + " model");
    }
    this.encoder = encoder;
    this.kind = kind;
    int hidden = encoder.config().hidden();
    float[] w = new float[hidden];
    float b = 0;
    if (head != null) {
      w = head.get(WEIGHT).values();
      b = head.get(BIAS).values()[0];
    } else {
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < hidden; i++) {
        w[i] = (float) (0.02 * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
            * Math.cos(2 * Math.PI * random.nextDouble()));
      }
    }
    this.weight = manager.create(w, new Shape(hidden, 1));
    this.bias = manager.create(new float[] {b}, new Shape(1));
    weight.setRequiresGradient(true);
    bias.setRequiresGradient(true);
  }

  public BertEncoder encoder() {
    return encoder;
  }

  public ModelKind kind() {
    return kind;
  }

  /** The encoder's parameters and the head's. */
  @Override
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> all = new LinkedHashMap<>(encoder.parameters());
    all.put(WEIGHT, weight);
    all.put(BIAS, bias);
    return all;
  }

  /** [N] logits of the sequences. */
  public NDArray logits(NDManager step, List<TextTokenizer.Tokens> sequences, boolean training) {
    NDArray cls = encoder.forward(step, sequences, training);
    return cls.matMul(weight).add(bias).reshape(sequences.size());
  }

  /** The head in Hugging Face's layout. */
  public Map<String, Safetensors.Tensor> head() {
    Map<String, Safetensors.Tensor> head = new LinkedHashMap<>();
    head.put(WEIGHT, new Safetensors.Tensor(new long[] {1, weight.getShape().get(0)}, weight.toFloatArray()));
    head.put(BIAS, new Safetensors.Tensor(new long[] {1}, bias.toFloatArray()));
    return head;
  }

  /** Encoder weights (Hugging Face names) and head together, for checkpoints. */
  @Override
  public Map<String, Safetensors.Tensor> state() {
    Map<String, Safetensors.Tensor> state = new LinkedHashMap<>(encoder.weights().tensors());
    state.putAll(head());
    return state;
  }

  @Override
  public void restore(Map<String, Safetensors.Tensor> state) {
    Map<String, Safetensors.Tensor> encoderState = new LinkedHashMap<>(state);
    for (Map.Entry<String, NDArray> e : Map.of(WEIGHT, weight, BIAS, bias).entrySet()) {
      Safetensors.Tensor t = encoderState.remove(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException("the saved state lacks the head's '" + e.getKey() + "'");
      }
      NDArray target = e.getValue();
      try (NDArray values = manager.create(t.values(), target.getShape())) {
        target.subi(target).addi(values);
      }
    }
    encoder.restore(encoderState);
  }

  /** Saves the reranker as {@link RerankerExport} does, at the encoder's passage length. */
  @Override
  public boolean export(Path folder) {
    RerankerExport.save(encoder.weights(), head(), encoder.model(), kind, encoder.passageLength(), folder);
    return true;
  }

  @Override
  public void close() {
    manager.close();
    encoder.close();
  }
}
