/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.dense;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.train.RetrievalModel;
import dev.quarry.core.training.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Held-out queries for periodic evaluation, each with a small candidate pool (its positives and its first BM25
 * negatives): nDCG@10 of the model's ranking of the pool, and the contrastive loss of the examples. Ranking a pool
 * rather than the corpus keeps an evaluation to seconds; it tracks the trend, the final test figure is exact.
 */
public final class DevSet {
  private final List<TrainingExample> examples;
  private final Qrels qrels;
  private final int candidates;

  public DevSet(List<TrainingExample> examples, Qrels qrels, int candidates) {
    this.examples = List.copyOf(examples);
    this.qrels = qrels;
    this.candidates = candidates;
  }

  public int size() {
    return examples.size();
  }

  /** nDCG@10 over the pools and the mean contrastive loss, without gradients. */
  public Map<String, Double> evaluate(RetrievalModel model, dev.quarry.train.loss.ContrastiveLoss loss) {
    List<List<TrainingExample.Passage>> pools = examples.stream().map(this::pool).toList();
    float[][] scores = model.scoreGroups(examples.stream().map(TrainingExample::query).toList(),
        pools.stream().map(pool -> pool.stream().map(TrainingExample.Passage::text).toList()).toList());
    Run run = new Run();
    double lossSum = 0;
    for (int q = 0; q < examples.size(); q++) {
      List<ScoredDocument> scored = new ArrayList<>();
      List<TrainingExample.Passage> pool = pools.get(q);
      for (int i = 0; i < pool.size(); i++) {
        scored.add(new ScoredDocument(pool.get(i).id(), scores[q][i]));
      }
      run.put(examples.get(q).queryId(), scored);
      // the loss of ranking the first positive (first in its pool) above the pool, at the training temperature
      double max = Double.NEGATIVE_INFINITY;
      for (ScoredDocument s : scored) {
        max = Math.max(max, s.score() / loss.temperature());
      }
      double sum = 0;
      for (ScoredDocument s : scored) {
        sum += Math.exp(s.score() / loss.temperature() - max);
      }
      double positive = scores[q][0] / loss.temperature();
      lossSum += -(positive - max - Math.log(sum));
    }
    Metric ndcg = Metric.parse("ndcg@10");
    double value = new Evaluator(qrels, List.of(ndcg)).evaluate(run).mean(ndcg);
    return Map.of("dev_ndcg@10", value, "dev_loss", lossSum / examples.size());
  }

  private List<TrainingExample.Passage> pool(TrainingExample e) {
    List<TrainingExample.Passage> pool = new ArrayList<>(e.positives());
    for (TrainingExample.Passage n : e.negatives()) {
      if (pool.size() >= Math.max(candidates, e.positives().size())) {
        break;
      }
      pool.add(n);
    }
    return pool;
  }
}
