/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.ProgressFactory;
import dev.quarry.core.rerank.Reranker;
import dev.quarry.lucene.Bm25Reranker;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.search.IndexCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pointwise scorer as {@code quarry rerank} and a distillation run's teacher use it: one scorer (a cross-encoder, a
 * dense model, BM25), or several fused, each
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

  /** The name of BM25 among a teacher's members. */
  public static final String BM25 = "bm25";

  private final List<Member> members;

  public PointwiseTeacher(List<Member> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a pointwise teacher needs at least one scorer");
    }
    this.members = List.copyOf(members);
  }

  /**
   * Opens the teacher named by {@code specs}, each {@code DIR|NAME} or {@code DIR|NAME=WEIGHT} (default weight 1):
   * {@value #BM25} is BM25 with the statistics of {@code corpus} (its index from {@code cache}); a folder whose
   * {@code quarry.json} names a cross-encoder (or that has a reranker head) is a cross-encoder; one that names a
   * colbert model scores by MaxSim ({@link ColbertScorer}); anything else (a model
   * folder or an embedded model's name) is scored as a dual encoder. Each member's scores are cached in the cache's
   * teacher folder for {@code corpus}, one file per member.
   */
  public static PointwiseTeacher open(List<String> specs, IndexCache cache, Path corpus, int threads) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a pointwise teacher needs at least one scorer");
    }
    Path caches = cache.teachers(corpus);
    List<Member> members = new ArrayList<>();
    try {
      for (String spec : specs) {
        int eq = spec.lastIndexOf('=');
        String name = eq > 0 ? spec.substring(0, eq) : spec;
        double weight;
        try {
          weight = eq > 0 ? Double.parseDouble(spec.substring(eq + 1)) : 1.0;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("teacher '" + spec + "': the weight after '=' is not a number");
        }
        Reranker scorer = BM25.equals(name)
            ? new Bm25Reranker(cache.bm25(corpus, false, ProgressFactory.NONE).path(), Bm25Settings.ANSERINI)
            : Rerankers.pointwise(name, threads);
        try {
          members.add(new Member(scorer, weight, new TeacherScoreCache(TeacherScoreCache.fileFor(caches, name))));
        } catch (RuntimeException e) {
          scorer.close();
          throw e;
        }
      }
    } catch (RuntimeException e) {
      members.forEach(m -> {
        m.scorer().close();
        m.cache().close();
      });
      throw e;
    }
    return new PointwiseTeacher(members);
  }

  /** The teacher's scores of {@code docIds} for a query (a single scorer's raw scores, or the fused scores). */
  public float[] score(String query, List<String> docIds, Map<String, String> texts) {
    List<float[]> scores = new ArrayList<>();
    for (Member m : members) {
      scores.add(CachedTeachers.score(m.scorer(), m.cache(), query, docIds, texts));
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
