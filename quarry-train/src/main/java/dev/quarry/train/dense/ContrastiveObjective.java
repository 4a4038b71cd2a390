package dev.quarry.train.dense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.quarry.train.BatchSampler;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.TrainingObjective;
import dev.quarry.train.data.TrainingExample;
import dev.quarry.train.loss.ContrastiveLoss;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A dual encoder's InfoNCE: each query of the micro-batch against the micro-batch's positives and hard negatives
 * (DPR), a passage that is another positive of the same query masked out.
 */
public final class ContrastiveObjective implements TrainingObjective {
  private final BertEncoder encoder;
  private final ContrastiveLoss loss;

  public ContrastiveObjective(BertEncoder encoder, ContrastiveLoss loss) {
    this.encoder = encoder;
    this.loss = loss;
  }

  @Override
  public BertEncoder model() {
    return encoder;
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
    NDArray q = encoder.forward(step, encoder.tokenizeQueries(queries), true);
    NDArray p = encoder.forward(step, encoder.tokenizePassages(passages), true);
    return loss.compute(step, q, p, positive, excluded);
  }
}
