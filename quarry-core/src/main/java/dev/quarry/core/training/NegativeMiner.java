/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.training;

import dev.quarry.core.Progress;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.core.search.Retriever;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds training examples from a judged split: positives from the qrels (grade above 0), negatives mined with a
 * retriever, from the ranks of a window ({@code [from, to)}, 0-based; e.g. 10 to 100), skipping every document
 * judged relevant for the query (judged non-relevant ones are the best negatives there are): hard negatives from BM25 (DPR, Karpukhin et al. 2020) or from the model being trained
 * (ANCE, Xiong et al., ICLR 2021), with the top ranks skipped because the best-ranked unjudged documents are often
 * relevant ones nobody judged.
 */
public final class NegativeMiner {
  private final int from;
  private final int to;

  public NegativeMiner(int from, int to) {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException("negative window must satisfy 0 <= from < to; got " + from + ".." + to);
    }
    this.from = from;
    this.to = to;
  }

  /** One example per judged query with a relevant document; negatives come from {@code retriever}. */
  public List<TrainingExample> mine(Queries queries, Qrels qrels, Map<String, String> corpus, Retriever retriever,
      int threads, Progress progress) {
    Queries judged = judged(queries, qrels);
    Run run = retriever == null ? new Run() : BatchSearch.search(retriever, judged, to, threads, progress);
    return fromRun(judged, qrels, corpus, run);
  }

  /** The queries that have a document judged relevant: the ones {@link #mine} makes examples of. */
  public static Queries judged(Queries queries, Qrels qrels) {
    return queries.filter(q -> qrels.judgments(q).values().stream().anyMatch(g -> g > 0));
  }

  /** How deep each query's ranking must go: the window's end. */
  public int depth() {
    return to;
  }

  /**
   * The examples {@link #mine} makes, from a ranking of the {@link #judged} queries to {@link #depth()} made elsewhere
   * (a Spark job); an empty run gives examples without negatives.
   */
  public List<TrainingExample> fromRun(Queries judged, Qrels qrels, Map<String, String> corpus, Run run) {
    List<TrainingExample> examples = new ArrayList<>();
    for (Map.Entry<String, String> q : judged.asMap().entrySet()) {
      Map<String, Integer> judgments = qrels.judgments(q.getKey());
      List<TrainingExample.Passage> positives = new ArrayList<>();
      judgments.forEach((doc, grade) -> {
        if (grade > 0 && corpus.containsKey(doc)) {
          positives.add(new TrainingExample.Passage(doc, corpus.get(doc), null));
        }
      });
      if (positives.isEmpty()) {
        continue;
      }
      examples.add(new TrainingExample(q.getKey(), q.getValue(), positives,
          negatives(run.results(q.getKey()), judgments, corpus), List.of()));
    }
    return examples;
  }

  /** Replaces each example's negatives with ones mined by {@code retriever} (ANCE's refresh). */
  public List<TrainingExample> remine(List<TrainingExample> examples, Qrels qrels, Map<String, String> corpus,
      Retriever retriever, int threads, Progress progress) {
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    examples.forEach(e -> texts.put(e.queryId(), e.query()));
    Run run = BatchSearch.search(retriever, new Queries(texts), to, threads, progress);
    List<TrainingExample> out = new ArrayList<>(examples.size());
    for (TrainingExample e : examples) {
      out.add(e.withNegatives(negatives(run.results(e.queryId()), qrels.judgments(e.queryId()), corpus)));
    }
    return out;
  }

  private List<TrainingExample.Passage> negatives(List<ScoredDocument> ranked, Map<String, Integer> judgments,
      Map<String, String> corpus) {
    List<TrainingExample.Passage> negatives = new ArrayList<>();
    for (int rank = from; rank < Math.min(to, ranked.size()); rank++) {
      String doc = ranked.get(rank).docId();
      if (judgments.getOrDefault(doc, 0) <= 0 && corpus.containsKey(doc)) {
        negatives.add(new TrainingExample.Passage(doc, corpus.get(doc), null));
      }
    }
    return negatives;
  }

  @Override
  public String toString() {
    return "ranks " + from + " to " + to;
  }
}
