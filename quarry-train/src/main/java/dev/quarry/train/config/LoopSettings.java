/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a model is trained, whatever the run: the optimiser and its schedule, the batches, the input lengths, the
 * checkpoints. Defaults follow common fine-tuning practice for small BERT encoders
 * (Sentence-BERT and FlagEmbedding recipes). Keys as in YAML; options are their kebab-case forms.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class LoopSettings {
  public int epochs = 2;
  public int batchSize = 32;
  public int accumulation = 1;
  public double learningRate = 2e-5;
  public double warmup = 0.1;
  public double weightDecay = 0.01;
  public double maxGradNorm = 1.0;
  public double temperature = 0.05;
  public double dropout = 0.1;
  public int queryLength = 64;
  public int passageLength = 256;
  public int checkpointEvery = 10;

  void validate() {
    Settings.positive("epochs", epochs);
    Settings.positive("batchSize", batchSize);
    Settings.positive("accumulation", accumulation);
    Settings.positive("queryLength", queryLength);
    Settings.positive("passageLength", passageLength);
    Settings.notNegative("checkpointEvery", checkpointEvery);
    if (batchSize % accumulation != 0) {
      throw Settings.invalid("batchSize", "must divide by accumulation (" + accumulation + ")", batchSize);
    }
    Settings.positive("learningRate", learningRate);
    Settings.positive("temperature", temperature);
    Settings.within("warmup", warmup, 0, 1);
    Settings.within("dropout", dropout, 0, 1);
    Settings.notNegative("weightDecay", weightDecay);
    Settings.notNegative("maxGradNorm", maxGradNorm);
  }
}
