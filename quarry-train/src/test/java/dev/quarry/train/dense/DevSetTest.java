/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.StartingModel;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.train.loss.ContrastiveLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dev curve's nDCG@10 is trec_eval's nDCG@10 of the model's ranking of each dev query's pool. */
class DevSetTest {
  @Test
  void theDevFigureIsTheEvaluatorsOnTheSameRanking() {
    List<TrainingExample> examples = new ArrayList<>();
    for (int q = 0; q < 4; q++) {
      List<TrainingExample.Passage> negatives = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        negatives.add(new TrainingExample.Passage("n" + q + n, "an unrelated passage number " + n + " of " + q, null));
      }
      examples.add(new TrainingExample("q" + q, "what is " + q, List.of(new TrainingExample.Passage("p" + q,
          "the answer to " + q, null)), negatives, List.of()));
    }
    Qrels qrels = new Qrels(Map.of("q0", Map.of("p0", 1), "q1", Map.of("p1", 1), "q2", Map.of("p2", 1),
        "q3", Map.of("p3", 2, "n31", 1)));
    StartingModel start = StartingModel.of("random:1:32", 3);
    try (BertEncoder encoder = new BertEncoder(start.source(), start.weights(), 16, 32, 8)) {
      // pools of the positive and the first 3 negatives
      DevSet dev = new DevSet(examples, qrels, 4);
      Map<String, Double> figures = dev.evaluate(encoder, new ContrastiveLoss(0.05f));
      Run run = new Run();
      for (TrainingExample e : examples) {
        float[] q = encoder.encodeQueries(List.of(e.query()))[0];
        List<TrainingExample.Passage> pool = new ArrayList<>(e.positives());
        pool.addAll(e.negatives().subList(0, 3));
        float[][] p = encoder.encodePassages(pool.stream().map(TrainingExample.Passage::text).toList());
        List<ScoredDocument> scored = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
          double s = 0;
          for (int d = 0; d < q.length; d++) {
            s += q[d] * p[i][d];
          }
          scored.add(new ScoredDocument(pool.get(i).id(), (float) s));
        }
        run.put(e.queryId(), scored);
      }
      Metric ndcg = Metric.parse("ndcg@10");
      assertEquals(new Evaluator(qrels, List.of(ndcg)).evaluate(run).mean(ndcg), figures.get("dev_ndcg@10"), 1e-6);
    }
  }
}
