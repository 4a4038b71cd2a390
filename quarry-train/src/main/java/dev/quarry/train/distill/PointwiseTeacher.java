package dev.quarry.train.distill;

import dev.quarry.core.rerank.Reranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pointwise teacher of a distillation run: one scorer (a cross-encoder, a dense model), or several fused, each
 * min-max normalised per query and summed with weights (score fusion as in hybrid retrieval). An ensemble is useful
 * when no single strong teacher is at hand: here none can be downloaded, and an ensemble of what can be trained or
 * is embedded is the strongest teacher available. Each member's raw scores are cached on disk; fused scores are not,
 * since normalisation depends on the candidate list they were fused over. Thread-safe if its members are.
 */
public final class PointwiseTeacher implements AutoCloseable {
  /** A scorer, its weight in the fusion and the cache of its raw scores. */
  public record Member(Reranker scorer, double weight, TeacherScoreCache cache) {
    public Member {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("a teacher's weight must be a positive number; got " + weight + " for "
            + scorer.modelId());
      }
    }
  }

  private final List<Member> members;

  public PointwiseTeacher(List<Member> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a pointwise teacher needs at least one scorer");
    }
    this.members = List.copyOf(members);
  }

  /** The teacher's scores of {@code docIds} for a query (a single scorer's raw scores, or the fused scores). */
  public float[] score(String queryId, String query, List<String> docIds, Map<String, String> texts) {
    List<float[]> scores = new ArrayList<>();
    for (Member m : members) {
      scores.add(CachedTeachers.score(m.scorer(), m.cache(), queryId, query, docIds, texts));
    }
    return members.size() == 1 ? scores.get(0) : fuse(scores, members.stream().map(Member::weight).toList());
  }

  /** Weighted sum of per-list min-max normalised scores (a constant list normalises to 1). */
  static float[] fuse(List<float[]> scores, List<Double> weights) {
    float[] fused = new float[scores.get(0).length];
    for (int m = 0; m < scores.size(); m++) {
      float[] s = scores.get(m);
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

  /** What the teacher is, for the log: each member's model and weight. */
  public String describe() {
    StringBuilder id = new StringBuilder();
    for (Member m : members) {
      id.append(id.length() > 0 ? " + " : "").append(m.scorer().modelId());
      if (members.size() > 1) {
        id.append(" x ").append(m.weight());
      }
    }
    return id.toString();
  }

  /** Teacher scores computed and read from the caches so far. */
  public long computed() {
    return members.stream().mapToLong(m -> m.cache().misses()).sum();
  }

  public long cached() {
    return members.stream().mapToLong(m -> m.cache().hits()).sum();
  }

  @Override
  public void close() {
    for (Member m : members) {
      m.scorer().close();
      m.cache().close();
    }
  }
}
