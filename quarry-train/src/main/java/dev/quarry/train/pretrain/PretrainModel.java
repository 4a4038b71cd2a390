/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.ndarray.NDArray;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.TrainableModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a pre-training run trains and keeps: the encoder (the one exported), and what its tasks add: MoCo's momentum
 * encoder and queue (Contriever's crops, or any pair task with a queue), SG-OPT's frozen copy and projection head,
 * RetroMAE's decoder layer and MLM head. The trainable parameters are the encoder's and the heads'; a checkpoint holds
 * those, the momentum encoder's weights ({@code moco.key.*}) and the queue ({@code moco.queue.*}), so a resumed run
 * continues bit for bit; the frozen copy is the starting weights, made again on resume. Only the encoder is exported
 * ({@code OUT/model}), as {@code train} exports: the heads exist for training only.
 */
public final class PretrainModel implements TrainableModel {
  static final String KEY_PREFIX = "moco.key.";
  static final String QUEUE_PREFIX = "moco.queue.";

  private final BertEncoder encoder;
  private final MomentumEncoder momentum;
  private final MocoQueue queue;
  private final BertEncoder frozen;
  private final HeadWeights heads;
  private final ProjectionHead projection;
  private final MlmHead mlm;
  private final RetroMaeDecoder decoder;

  /**
   * @param momentum MoCo's key encoder, or null
   * @param queue MoCo's queue, or null
   * @param frozen SG-OPT's frozen copy (its weights stop taking gradients), or null
   * @param heads the heads' weights (empty when no task has a head)
   */
  PretrainModel(BertEncoder encoder, MomentumEncoder momentum, MocoQueue queue, BertEncoder frozen, HeadWeights heads,
      ProjectionHead projection, MlmHead mlm, RetroMaeDecoder decoder) {
    this.encoder = encoder;
    this.momentum = momentum;
    this.queue = queue;
    this.frozen = frozen;
    this.heads = heads;
    this.projection = projection;
    this.mlm = mlm;
    this.decoder = decoder;
    if (frozen != null) {
      frozen.parameters().values().forEach(p -> p.setRequiresGradient(false));
    }
  }

  public BertEncoder encoder() {
    return encoder;
  }

  MomentumEncoder momentum() {
    return momentum;
  }

  MocoQueue queue() {
    return queue;
  }

  BertEncoder frozen() {
    return frozen;
  }

  ProjectionHead projection() {
    return projection;
  }

  MlmHead mlm() {
    return mlm;
  }

  RetroMaeDecoder decoder() {
    return decoder;
  }

  @Override
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> all = new LinkedHashMap<>(encoder.parameters());
    all.putAll(heads.parameters());
    return all;
  }

  @Override
  public Map<String, Safetensors.Tensor> state() {
    Map<String, Safetensors.Tensor> state = new LinkedHashMap<>(encoder.state());
    state.putAll(heads.state());
    if (momentum != null) {
      state.putAll(momentum.state(KEY_PREFIX));
    }
    if (queue != null) {
      state.putAll(queue.state(QUEUE_PREFIX));
    }
    return state;
  }

  @Override
  public void restore(Map<String, Safetensors.Tensor> state) {
    encoder.restore(state);
    heads.restore(state);
    if (momentum != null) {
      momentum.restore(state, KEY_PREFIX);
    }
    if (queue != null) {
      queue.restore(state, QUEUE_PREFIX);
    }
  }

  /** Exports the encoder alone, with its recipe (the pooling it was pre-trained with). */
  @Override
  public boolean export(Path folder) {
    return encoder.export(folder);
  }

  @Override
  public void close() {
    try (BertEncoder e = encoder; HeadWeights h = heads) {
      if (momentum != null) {
        momentum.close();
      }
      if (frozen != null) {
        frozen.close();
      }
    }
  }
}
