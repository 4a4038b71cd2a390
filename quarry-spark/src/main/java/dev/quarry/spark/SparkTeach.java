/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.rerank.PairwiseAggregation;
import dev.quarry.rerank.TeacherScoreCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Scores a run's candidates with a pointwise teacher, or its top pairs with a pairwise one, on Spark, into the teacher
 * cache that {@code quarry rerank} and {@code quarry distill} read, the job behind {@code quarry spark teach}: the pairs not yet cached are joined with
 * the corpus's texts (read in partitions, never whole on the driver), grouped by query, and scored by each executor's
 * one teacher ({@link ScorePartition}); the driver appends the scores to the cache file batch by batch, so a killed
 * job loses at most a batch and a rerun scores only what is missing.
 */
public final class SparkTeach {
  private static final int BATCH = 4096;

  /** Pairs scored now and pairs the cache already held. */
  public record Result(long scored, long cached) {}

  private SparkTeach() {}

  /**
   * @param run each judged query's candidates; its top {@code depth} are scored, as {@code rerank --depth} does
   * @param cache the teacher's cache file ({@code TeacherScoreCache.fileFor} in the dataset's teacher folder)
   * @throws IllegalArgumentException when the run names documents the corpus does not have
   */
  public static Result teach(SparkSession spark, Path corpus, Queries queries, Run run, int depth, String teacher,
      TeacherScoreCache cache, int partitions) {
    check(depth, partitions);
    List<Tuple2<String, Tuple2<String, Integer>>> wanted = new ArrayList<>();
    Map<String, String> texts = new HashMap<>();
    long cached = 0;
    for (String qid : run.queryIds()) {
      String query = queries.text(qid);
      if (query == null) {
        continue;
      }
      texts.put(qid, query);
      List<ScoredDocument> top = run.results(qid);
      for (int rank = 0; rank < Math.min(depth, top.size()); rank++) {
        String doc = top.get(rank).docId();
        if (cache.get(TeacherScoreCache.key(query, doc)) == null) {
          wanted.add(new Tuple2<>(doc, new Tuple2<>(qid, rank)));
        } else {
          cached++;
        }
      }
    }
    if (wanted.isEmpty()) {
      return new Result(0, cached);
    }
    Iterator<Tuple2<String, Float>> scores = candidates(spark, corpus, wanted, partitions)
        .mapPartitions(new ScorePartition(teacher, SparkEncode.taskSlots(spark), texts))
        .toLocalIterator();
    return new Result(append(scores, cache), cached);
  }

  /**
   * Scores every ordered pair of each query's top {@code depth} with a pairwise teacher (PairDistill's and duoT5's
   * P(d_i &gt; d_j)), into that teacher's cache, as {@code rerank --pairwise} and {@code distill} ask for them. A query
   * whose pairs are all cached is skipped; each other query's pairs are scored in one call, in the order of
   * {@code PairwiseAggregation.orderedPairs} over the run's order, which is the call {@code rerank --pairwise} makes
   * when the run is the pointwise teacher's order (its top {@code --pairwise-depth}), so the scores are the single
   * machine's.
   */
  public static Result teachPairwise(SparkSession spark, Path corpus, Queries queries, Run run, int depth,
      String teacher, TeacherScoreCache cache, int partitions) {
    check(depth, partitions);
    if (depth < 2) {
      throw new IllegalArgumentException("a pair needs a depth of at least 2; got " + depth);
    }
    List<Tuple2<String, Tuple2<String, Integer>>> wanted = new ArrayList<>();
    Map<String, String> texts = new HashMap<>();
    long cached = 0;
    for (String qid : run.queryIds()) {
      String query = queries.text(qid);
      if (query == null) {
        continue;
      }
      List<String> top = run.results(qid).stream().limit(depth).map(ScoredDocument::docId).toList();
      long held = 0;
      for (int[] pair : PairwiseAggregation.orderedPairs(top.size())) {
        if (cache.get(TeacherScoreCache.key(query, top.get(pair[0]), top.get(pair[1]))) != null) {
          held++;
        }
      }
      cached += held;
      if (held < (long) top.size() * (top.size() - 1)) {
        texts.put(qid, query);
        for (int rank = 0; rank < top.size(); rank++) {
          wanted.add(new Tuple2<>(top.get(rank), new Tuple2<>(qid, rank)));
        }
      }
    }
    if (wanted.isEmpty()) {
      return new Result(0, cached);
    }
    Iterator<Tuple2<String, Float>> scores = candidates(spark, corpus, wanted, partitions)
        .mapPartitions(new PairwisePartition(teacher, SparkEncode.taskSlots(spark), texts))
        .toLocalIterator();
    return new Result(append(scores, cache), cached);
  }

  private static void check(int depth, int partitions) {
    if (depth < 1 || partitions < 1) {
      throw new IllegalArgumentException("depth and partitions must be positive; got " + depth + ", " + partitions);
    }
  }

  /**
   * Each query's wanted candidates with their texts, grouped by query: (query id, (rank, document id, text)).
   *
   * @param wanted (document id, (query id, rank in the run))
   */
  private static JavaPairRDD<String, Iterable<Tuple3<Integer, String, String>>> candidates(SparkSession spark,
      Path corpus, List<Tuple2<String, Tuple2<String, Integer>>> wanted, int partitions) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path file = corpus.toAbsolutePath().normalize();
    String corpusFile = file.toString();
    JavaPairRDD<String, String> passages = context.textFile(file.toUri().toString(), partitions).zipWithIndex()
        .filter(line -> !line._1().isBlank())
        .mapToPair(line -> {
          Document d = CorpusReader.parseLine(line._1(), Path.of(corpusFile), line._2() + 1);
          return new Tuple2<>(d.id(), d.contents());
        });
    JavaPairRDD<String, Tuple2<String, Integer>> pairs = context.parallelizePairs(wanted, partitions);
    List<String> missing = pairs.keys().distinct().subtract(passages.keys()).take(1);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the run names documents that " + file + " does not hold, such as '"
          + missing.get(0) + "'");
    }
    return pairs.join(passages)
        .mapToPair(p -> new Tuple2<>(p._2()._1()._1(), new Tuple3<>(p._2()._1()._2(), p._1(), p._2()._2())))
        .groupByKey(partitions);
  }

  /**
   * Appends the scores the cache does not hold yet (a query's pairs are scored together, some may be cached) batch by
   * batch, so a killed job keeps what it scored; returns their number.
   */
  private static long append(Iterator<Tuple2<String, Float>> scores, TeacherScoreCache cache) {
    long scored = 0;
    List<String> keys = new ArrayList<>(BATCH);
    float[] values = new float[BATCH];
    while (scores.hasNext()) {
      Tuple2<String, Float> s = scores.next();
      if (cache.get(s._1()) != null) {
        continue;
      }
      values[keys.size()] = s._2();
      keys.add(s._1());
      if (keys.size() == BATCH) {
        cache.putAll(keys, values);
        scored += keys.size();
        keys.clear();
      }
    }
    if (!keys.isEmpty()) {
      cache.putAll(keys, Arrays.copyOf(values, keys.size()));
      scored += keys.size();
    }
    return scored;
  }
}
