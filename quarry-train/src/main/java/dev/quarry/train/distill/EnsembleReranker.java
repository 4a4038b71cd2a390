package dev.quarry.train.distill;

import dev.quarry.core.rerank.Reranker;
import java.util.List;

/**
 * A pointwise teacher made of several scorers (rerankers, dense models): each one's scores are min-max normalised
 * per query and summed with weights, score fusion as in hybrid retrieval. Useful when no single strong teacher is at
 * hand: here none can be downloaded, and an ensemble of what can be trained or is embedded is the strongest teacher
 * available. Thread-safe if its members are.
 */
public final class EnsembleReranker implements Reranker {
  private final List<Reranker> members;
  private final List<Double> weights;

  public EnsembleReranker(List<Reranker> members, List<Double> weights) {
    if (members.isEmpty() || members.size() != weights.size()) {
      throw new IllegalArgumentException("an ensemble needs members with one weight each; got " + members.size()
          + " members and " + weights.size() + " weights");
    }
    this.members = List.copyOf(members);
    this.weights = List.copyOf(weights);
  }

  @Override
  public String modelId() {
    StringBuilder id = new StringBuilder("ensemble(");
    for (int i = 0; i < members.size(); i++) {
      id.append(i > 0 ? "," : "").append(members.get(i).modelId()).append('=').append(weights.get(i));
    }
    return id.append(')').toString();
  }

  @Override
  public float[] score(String query, List<String> passages) {
    float[] fused = new float[passages.size()];
    for (int m = 0; m < members.size(); m++) {
      float[] s = members.get(m).score(query, passages);
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float x : s) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      float range = max - min;
      for (int i = 0; i < s.length; i++) {
        fused[i] += (float) (weights.get(m) * (range > 0 ? (s[i] - min) / range : 1));
      }
    }
    return fused;
  }

  @Override
  public void close() {
    members.forEach(Reranker::close);
  }
}
