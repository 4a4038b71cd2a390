/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * PairDistill's rounds ({@code distill} only): the teachers, how many rounds, the candidates, pairs and groups, and
 * the losses' weights (PairDistill's defaults: pointwise 1, pairwise 3, in-batch 1).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class DistillSettings {
  /** Pointwise teachers: reranker folders, dense models or bm25, fused when several ("name" or "name=weight"). */
  public List<String> rerankers = new ArrayList<>();
  public String pairwise;
  public int rounds = 2;
  public int depth = 100;
  public int topK = 20;
  public int pairWindow = 5;
  public int pairsPerQuery = 16;
  public int groupSize = 64;
  public double pointwiseWeight = 1;
  public double pairwiseWeight = 3;
  public double inBatchWeight = 1;
  public double inBatchKdWeight = 0;
  public double marginMseWeight = 0;
  /**
   * The pointwise teacher's temperature in the KL: PairDistill's 1 suits raw cross-encoder logits; a fused teacher's
   * scores lie in [0, sum of weights], where 1 makes its distribution nearly uniform.
   */
  public double teacherTemperature = 1;
  /** For in-batch KD: the dense teacher whose vectors score every in-batch pair. */
  public String inBatchTeacher;

  void validate() {
    if (rerankers.isEmpty()) {
      throw Settings.invalid("rerankers", "must name at least one pointwise teacher", "[]");
    }
    Settings.positive("rounds", rounds);
    Settings.positive("depth", depth);
    if (groupSize < 2) {
      throw Settings.invalid("groupSize", "must be at least 2", groupSize);
    }
    if (topK < 2) {
      throw Settings.invalid("topK", "must be at least 2", topK);
    }
    if (depth < groupSize) {
      throw Settings.invalid("depth", "must be at least groupSize (" + groupSize + ")", depth);
    }
    Settings.positive("pairWindow", pairWindow);
    Settings.notNegative("pairsPerQuery", pairsPerQuery);
    Settings.notNegative("pointwiseWeight", pointwiseWeight);
    Settings.notNegative("pairwiseWeight", pairwiseWeight);
    Settings.notNegative("inBatchWeight", inBatchWeight);
    Settings.notNegative("inBatchKdWeight", inBatchKdWeight);
    Settings.notNegative("marginMseWeight", marginMseWeight);
    Settings.positive("teacherTemperature", teacherTemperature);
    if (pairwiseWeight > 0 && pairwise == null) {
      throw Settings.invalid("pairwiseWeight", "needs a pairwise teacher (pairwise); set it to 0 for pointwise"
          + " distillation only", pairwiseWeight);
    }
    if (inBatchKdWeight > 0 && inBatchTeacher == null) {
      throw Settings.invalid("inBatchKdWeight", "needs a dense teacher (inBatchTeacher)", inBatchKdWeight);
    }
  }
}
