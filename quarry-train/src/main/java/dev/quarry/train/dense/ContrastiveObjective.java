/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.dense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.quarry.train.BatchSampler;
import dev.quarry.train.RetrievalModel;
import dev.quarry.train.TrainingObjective;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.train.loss.ContrastiveLoss;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A retriever's InfoNCE: each query of the micro-batch against the micro-batch's positives and hard negatives (DPR;
 * ColBERT trains the same way, with MaxSim scores), a passage that is another positive of the same query masked out.
 */
public final class ContrastiveObjective implements TrainingObjective {
  private final RetrievalModel model;
  private final ContrastiveLoss loss;

  public ContrastiveObjective(RetrievalModel model, ContrastiveLoss loss) {
    this.model = model;
    this.loss = loss;
  }

  @Override
  public RetrievalModel model() {
    return model;
  }

  @Override
  public NDArray loss(NDManager step, List<BatchSampler.Sample> part) {
    List<String> queries = new ArrayList<>();
    List<String> passages = new ArrayList<>();
    List<String> passageIds = new ArrayList<>();
    for (BatchSampler.Sample s : part) {
      queries.add(s.example().query());
      passages.add(s.positive().text());
      passageIds.add(s.positive().id());
    }
    for (BatchSampler.Sample s : part) {
      for (TrainingExample.Passage n : s.negatives()) {
        passages.add(n.text());
        passageIds.add(n.id());
      }
    }
    int[] positive = new int[part.size()];
    boolean[][] excluded = new boolean[part.size()][passages.size()];
    for (int i = 0; i < part.size(); i++) {
      positive[i] = i;
      Set<String> positives = new HashSet<>();
      part.get(i).example().positives().forEach(p -> positives.add(p.id()));
      for (int j = 0; j < passageIds.size(); j++) {
        excluded[i][j] = positives.contains(passageIds.get(j));
      }
    }
    return loss.compute(step, model.scores(step, queries, passages, true), positive, excluded);
  }
}
