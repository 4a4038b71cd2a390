/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.rerank.PairwiseReranker;
import dev.quarry.rerank.PairwiseAggregation;
import dev.quarry.rerank.TeacherScoreCache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Scores one partition of queries' top passages with the executor's pairwise teacher: every ordered pair of a query's
 * passages, in {@link PairwiseAggregation#orderedPairs} order over their ranks, in one call, as {@code quarry rerank
 * --pairwise} asks the teacher; emits each P(first &gt; second) under its teacher-cache key.
 */
final class PairwisePartition implements
    FlatMapFunction<Iterator<Tuple2<String, Iterable<Tuple3<Integer, String, String>>>>, Tuple2<String, Float>> {
  private static final long serialVersionUID = 1L;

  private final String teacher;
  private final int threads;
  private final Map<String, String> queries;

  /** @param queries query id to text (small: shipped with the task) */
  PairwisePartition(String teacher, int threads, Map<String, String> queries) {
    this.teacher = teacher;
    this.threads = threads;
    this.queries = queries;
  }

  @Override
  public Iterator<Tuple2<String, Float>> call(
      Iterator<Tuple2<String, Iterable<Tuple3<Integer, String, String>>>> groups) {
    PairwiseReranker reranker = ExecutorResources.pairwise(teacher, threads);
    List<Tuple2<String, Float>> scores = new ArrayList<>();
    while (groups.hasNext()) {
      Tuple2<String, Iterable<Tuple3<Integer, String, String>>> group = groups.next();
      String query = queries.get(group._1());
      List<Tuple3<Integer, String, String>> ranked = ScorePartition.inRunOrder(group._2());
      List<int[]> pairs = PairwiseAggregation.orderedPairs(ranked.size());
      float[] values = reranker.preferences(query, pairs.stream()
          .map(p -> new String[] {ranked.get(p[0])._3(), ranked.get(p[1])._3()}).toList());
      for (int i = 0; i < values.length; i++) {
        scores.add(new Tuple2<>(TeacherScoreCache.key(query, ranked.get(pairs.get(i)[0])._2(),
            ranked.get(pairs.get(i)[1])._2()), values[i]));
      }
    }
    return scores.iterator();
  }
}
