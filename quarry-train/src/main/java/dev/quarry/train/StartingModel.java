/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;

/**
 * Where a training run's encoder starts: an embedded model's or a model folder's weights, or a small BERT
 * initialised at random, {@code random:LAYERS:HIDDEN} (heads of 32 dimensions, a feed-forward 4 times the hidden
 * size), which reads text with the default model's tokenizer and recipe: the from-scratch start of pre-training
 * experiments, and of tests that need a model small enough to train in seconds.
 *
 * @param source the tokenizer, recipe and (unless random) ONNX graph the trained model is exported with
 * @param weights the starting weights
 */
public record StartingModel(ModelSource source, BertWeights weights) {
  public static final String RANDOM = "random:";

  /** The start named by {@code spec}; a random one is drawn with {@code seed}. */
  public static StartingModel of(String spec, long seed) {
    if (!spec.startsWith(RANDOM)) {
      ModelSource source = ModelRegistry.resolve(spec);
      return new StartingModel(source, BertWeights.load(source));
    }
    String[] parts = spec.substring(RANDOM.length()).split(":");
    int layers;
    int hidden;
    try {
      if (parts.length != 2) {
        throw new NumberFormatException();
      }
      layers = Integer.parseInt(parts[0]);
      hidden = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a random model is random:LAYERS:HIDDEN, like random:4:256; got " + spec);
    }
    if (layers < 1 || hidden < 32 || hidden % 32 != 0) {
      throw new IllegalArgumentException("a random model needs at least one layer and a hidden size that is a"
          + " multiple of 32; got " + spec);
    }
    ModelSource source = ModelRegistry.resolve(ModelRegistry.DEFAULT_MODEL);
    BertConfig config = new BertConfig(30522, hidden, layers, hidden / 32, hidden * 4, 512, 2, 1e-12);
    return new StartingModel(source, BertWeights.random(config, seed));
  }
}
