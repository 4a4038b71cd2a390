/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.quarry.train.pretrain.TaskMix;

/**
 * Pre-training without labels ({@code pretrain} only): the tasks and their weights, the corpus, the budget, and each
 * task's settings at its paper's values (docs/PRETRAINING.md): ICT, BFS and WLP (Chang et al., ICLR 2020), random
 * crops with an optional MoCo queue (Contriever, Izacard et al. 2021), SG-OPT (Kim et al., ACL 2021), RetroMAE (Xiao
 * et al., EMNLP 2022).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class PretrainSettings {
  /** The pooling a pre-trained encoder is trained and exported with: the starting model's, or CLS, or mean. */
  public enum PoolingChoice { model, cls, mean }

  /** The tasks, {@code ict}, or several with weights: {@code ict,bfs=1,wlp=1} (a task without a weight has 1). */
  public String task = "ict";
  /** A BEIR folder or name (ICT, crop, SG-OPT and RetroMAE), or a page collection such as {@code wiki_uoi} (all). */
  public String corpus = "wiki_uoi";
  /** At most this many steps (0: the epochs over the corpus's units decide); the learning-rate schedule ends here. */
  public long maxSteps = 0;
  /** Stop after this many minutes of training (0: no limit), with a checkpoint {@code --resume} continues from. */
  public double maxMinutes = 0;
  public PoolingChoice pooling = PoolingChoice.model;
  /** Words a sentence needs to serve as a query (shorter ones, such as headings cut into sentences, are skipped). */
  public int minSentenceWords = 4;
  /** ICT: how often the query sentence is left in its passage (Lee et al. 2019 and Chang et al.: 10%). */
  public double ictKeep = 0.1;
  /** Crops: each of the two is this share of the chunk's tokens, drawn uniformly (Contriever: 0.1 to 0.5). */
  public double cropMin = 0.1;
  public double cropMax = 0.5;
  /** Crops: each token is deleted with this probability (Contriever's augmentation, 0.1; 0 for none). */
  public double cropDeletion = 0.1;
  /** MoCo: past keys kept as negatives (0: in-batch negatives only, no key encoder). Contriever: 131,072. */
  public int queueSize = 0;
  /** MoCo: the key encoder's momentum (Contriever: 0.9995). */
  public double momentum = 0.9995;
  /** SG-OPT: the weight of the regulariser lambda * ||theta - theta_0||^2 (Kim et al.: 0.1). */
  public double sgoptLambda = 0.1;
  /** SG-OPT: the temperature of its NT-Xent (Kim et al.: 0.01). */
  public double sgoptTemperature = 0.01;
  /** SG-OPT: the hidden size of the projection head (an MLP used in training only). */
  public int sgoptProjection = 4096;
  /** RetroMAE: the share of the encoder's tokens masked (Xiao et al.: 15 to 30%). */
  public double encoderMask = 0.3;
  /** RetroMAE: the share of tokens hidden from each decoder position (Xiao et al.: 50 to 70%). */
  public double decoderMask = 0.5;

  void validate() {
    try {
      TaskMix.parse(task);
    } catch (IllegalArgumentException e) {
      throw Settings.invalid("task", e.getMessage(), task);
    }
    if (corpus == null || corpus.isBlank()) {
      throw Settings.invalid("corpus", "must name a BEIR corpus or a page collection", "nothing");
    }
    Settings.notNegative("maxSteps", maxSteps);
    Settings.notNegative("maxMinutes", maxMinutes);
    Settings.positive("minSentenceWords", minSentenceWords);
    Settings.within("ictKeep", ictKeep, 0, 1);
    if (!(cropMin > 0 && cropMin <= cropMax && cropMax <= 1)) {
      throw Settings.invalid("cropMin", "and cropMax (--crop-max) must satisfy 0 < cropMin <= cropMax <= 1",
          cropMin + ", " + cropMax);
    }
    Settings.within("cropDeletion", cropDeletion, 0, 1);
    Settings.notNegative("queueSize", queueSize);
    Settings.within("momentum", momentum, 0, 1);
    Settings.notNegative("sgoptLambda", sgoptLambda);
    Settings.positive("sgoptTemperature", sgoptTemperature);
    Settings.positive("sgoptProjection", sgoptProjection);
    if (!(encoderMask > 0 && encoderMask < 1)) {
      throw Settings.invalid("encoderMask", "must be above 0 and below 1", encoderMask);
    }
    if (!(decoderMask > 0 && decoderMask < 1)) {
      throw Settings.invalid("decoderMask", "must be above 0 and below 1", decoderMask);
    }
  }
}
