/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.rerank.TeacherScoreCache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Scores one partition of queries' candidates with the executor's teacher: each query's passages in one call, in
 * the order of their ranks in the run, exactly as {@code quarry rerank} asks the teacher, so the scores are the
 * single machine's; emits each score under its teacher-cache key.
 */
final class ScorePartition implements
    FlatMapFunction<Iterator<Tuple2<String, Iterable<Tuple3<Integer, String, String>>>>, Tuple2<String, Float>> {
  private static final long serialVersionUID = 1L;

  private final String teacher;
  private final int threads;
  private final Map<String, String> queries;

  /** @param queries query id to text (small: shipped with the task) */
  ScorePartition(String teacher, int threads, Map<String, String> queries) {
    this.teacher = teacher;
    this.threads = threads;
    this.queries = queries;
  }

  @Override
  public Iterator<Tuple2<String, Float>> call(
      Iterator<Tuple2<String, Iterable<Tuple3<Integer, String, String>>>> groups) {
    Reranker reranker = ExecutorResources.reranker(teacher, threads);
    List<Tuple2<String, Float>> scores = new ArrayList<>();
    while (groups.hasNext()) {
      Tuple2<String, Iterable<Tuple3<Integer, String, String>>> group = groups.next();
      String query = queries.get(group._1());
      List<Tuple3<Integer, String, String>> ranked = inRunOrder(group._2());
      float[] values = reranker.score(query, ranked.stream().map(Tuple3::_3).toList());
      for (int i = 0; i < values.length; i++) {
        scores.add(new Tuple2<>(TeacherScoreCache.key(query, ranked.get(i)._2()), values[i]));
      }
    }
    return scores.iterator();
  }

  /** A query's (rank, document id, text) candidates in the order of their ranks in the run. */
  static List<Tuple3<Integer, String, String>> inRunOrder(Iterable<Tuple3<Integer, String, String>> candidates) {
    List<Tuple3<Integer, String, String>> ranked = new ArrayList<>();
    candidates.forEach(ranked::add);
    ranked.sort(Comparator.comparing(Tuple3::_1));
    return ranked;
  }
}
