/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.Progress;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.rerank.PairwiseReranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reranks first-stage results: the top {@code depth} of each query scored by a {@link PointwiseTeacher} (a
 * cross-encoder, a dense model, BM25, or several fused), then optionally the top {@code pairwiseDepth} of that order
 * reordered by a pairwise reranker over every ordered pair ({@link PairwiseAggregation}); documents below the depth
 * are dropped. Every score goes through the teachers' caches. Thread-safe if its rerankers are.
 */
public final class RunReranker {
  private final PointwiseTeacher pointwise;
  private final int depth;
  private final PairwiseReranker pairwise;
  private final TeacherScoreCache pairCache;
  private final int pairwiseDepth;

  /**
   * @param pairwise a pairwise reranker, or null for pointwise reranking only
   * @param pairCache the pairwise reranker's score cache (null with it)
   */
  public RunReranker(PointwiseTeacher pointwise, int depth, PairwiseReranker pairwise, TeacherScoreCache pairCache,
      int pairwiseDepth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive; got " + depth);
    }
    if (pairwise != null && pairwiseDepth < 2) {
      throw new IllegalArgumentException("pairwiseDepth must be at least 2 to form a pair; got " + pairwiseDepth);
    }
    if ((pairwise == null) != (pairCache == null)) {
      throw new IllegalArgumentException("a pairwise reranker needs its score cache, and only it");
    }
    this.pointwise = pointwise;
    this.depth = depth;
    this.pairwise = pairwise;
    this.pairCache = pairCache;
    this.pairwiseDepth = pairwiseDepth;
  }

  /** One query's candidates reranked, best first. */
  public List<ScoredDocument> rerank(String query, List<ScoredDocument> candidates, Map<String, String> texts) {
    List<String> ids = candidates.stream().limit(depth).map(ScoredDocument::docId).toList();
    float[] scores = pointwise.score(query, ids, texts);
    List<ScoredDocument> ranked = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      ranked.add(new ScoredDocument(ids.get(i), scores[i]));
    }
    ranked.sort(ScoredDocument.TREC_EVAL_ORDER);
    if (pairwise == null || ranked.size() < 2) {
      return ranked;
    }
    int n = Math.min(pairwiseDepth, ranked.size());
    List<String[]> pairs = PairwiseAggregation.orderedPairs(n).stream()
        .map(p -> new String[] {ranked.get(p[0]).docId(), ranked.get(p[1]).docId()}).toList();
    float[] probabilities = CachedTeachers.preferences(pairwise, pairCache, query, pairs, texts);
    return PairwiseAggregation.reorder(ranked, n, probabilities);
  }

  /** Every query of {@code queries} that {@code first} has results for, reranked. */
  public Run rerank(Run first, Queries queries, Map<String, String> texts, Progress progress) {
    Run reranked = new Run();
    for (Map.Entry<String, String> q : queries.asMap().entrySet()) {
      reranked.put(q.getKey(), rerank(q.getValue(), first.results(q.getKey()), texts));
      progress.advance(1);
    }
    return reranked;
  }

  /** Scores computed by the models so far, and read from the caches. */
  public long computed() {
    return pointwise.computed() + (pairCache == null ? 0 : pairCache.misses());
  }

  public long cached() {
    return pointwise.cached() + (pairCache == null ? 0 : pairCache.hits());
  }
}
