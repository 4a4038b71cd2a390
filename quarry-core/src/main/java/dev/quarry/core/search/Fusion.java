/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.search;

import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fusion of two or more runs into one, for hybrid retrieval.
 *
 * <ul>
 *   <li>Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): a document scores
 *       {@code sum over runs of 1 / (k + rank)}, k = 60 by default; scores play no part, so runs on different
 *       scales fuse without tuning.</li>
 *   <li>Normalised score interpolation: each run's scores are min-max normalised per query to [0, 1] and summed
 *       with the runs' weights; a document missing from a run gets 0 from it.</li>
 * </ul>
 * Each fused list keeps the best {@code depth} documents. Queries present in any run are fused.
 */
public final class Fusion {
  public static final int DEFAULT_RRF_K = 60;

  private Fusion() {}

  public static Run reciprocalRank(List<Run> runs, int k, int depth) {
    if (k < 0) {
      throw new IllegalArgumentException("RRF k must not be negative; got " + k);
    }
    requireRuns(runs, depth);
    Run fused = new Run();
    for (String query : queries(runs)) {
      fused.put(query, reciprocalRankLists(runs.stream().map(r -> r.results(query)).toList(), k, depth));
    }
    return fused;
  }

  /** One query's ranked lists (best first) fused by reciprocal rank, the best {@code depth} kept. */
  public static List<ScoredDocument> reciprocalRankLists(List<List<ScoredDocument>> lists, int k, int depth) {
    if (k < 0) {
      throw new IllegalArgumentException("RRF k must not be negative; got " + k);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive; got " + depth);
    }
    Map<String, Double> scores = new HashMap<>();
    for (List<ScoredDocument> ranked : lists) {
      for (int i = 0; i < ranked.size(); i++) {
        scores.merge(ranked.get(i).docId(), 1.0 / (k + i + 1), Double::sum);
      }
    }
    return top(scores, depth);
  }

  /** @param weights one weight per run */
  public static Run interpolate(List<Run> runs, List<Double> weights, int depth) {
    requireRuns(runs, depth);
    if (weights.size() != runs.size()) {
      throw new IllegalArgumentException(runs.size() + " runs need " + runs.size() + " weights; got " + weights.size());
    }
    Run fused = new Run();
    for (String query : queries(runs)) {
      Map<String, Double> scores = new HashMap<>();
      for (int r = 0; r < runs.size(); r++) {
        List<ScoredDocument> ranked = runs.get(r).results(query);
        if (ranked.isEmpty()) {
          continue;
        }
        double min = ranked.stream().mapToDouble(ScoredDocument::score).min().orElse(0);
        double max = ranked.stream().mapToDouble(ScoredDocument::score).max().orElse(0);
        double range = max - min;
        double weight = weights.get(r);
        for (ScoredDocument doc : ranked) {
          double normalised = range > 0 ? (doc.score() - min) / range : 1;
          scores.merge(doc.docId(), weight * normalised, Double::sum);
        }
      }
      fused.put(query, top(scores, depth));
    }
    return fused;
  }

  private static void requireRuns(List<Run> runs, int depth) {
    if (runs.size() < 2) {
      throw new IllegalArgumentException("fusion needs at least two runs; got " + runs.size());
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive; got " + depth);
    }
  }

  private static Set<String> queries(List<Run> runs) {
    Set<String> queries = new LinkedHashSet<>();
    runs.forEach(r -> queries.addAll(r.queryIds()));
    return queries;
  }

  private static List<ScoredDocument> top(Map<String, Double> scores, int depth) {
    List<ScoredDocument> docs = new ArrayList<>(scores.size());
    scores.forEach((id, s) -> docs.add(new ScoredDocument(id, s)));
    docs.sort(ScoredDocument.TREC_EVAL_ORDER);
    return docs.size() > depth ? new ArrayList<>(docs.subList(0, depth)) : docs;
  }
}
