/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.Retriever;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Searches an index with many queries on Spark: the queries split into partitions, each searched as one batch by
 * its executor's one open index ({@link ExecutorResources}), exactly as {@code BatchSearch} searches on one machine,
 * so the run is the same.
 */
public final class SparkSearch {
  private SparkSearch() {}

  /** Each query's top {@code k} of the index at {@code index} (a folder every executor can read). */
  public static Run search(SparkSession spark, Path index, Queries queries, int k, int partitions) {
    if (k < 1 || partitions < 1) {
      throw new IllegalArgumentException("k and partitions must be positive; got " + k + ", " + partitions);
    }
    List<Tuple2<String, String>> texts = new ArrayList<>();
    queries.asMap().forEach((id, text) -> texts.add(new Tuple2<>(id, text)));
    List<Tuple2<String, Tuple2<String[], double[]>>> ranked = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(texts, partitions)
        .mapPartitions(new SearchPartition(index.toAbsolutePath().normalize().toString(), k,
            SparkEncode.taskSlots(spark)))
        .collect();
    Run run = new Run();
    for (Tuple2<String, Tuple2<String[], double[]>> r : ranked) {
      List<ScoredDocument> docs = new ArrayList<>(r._2()._1().length);
      for (int i = 0; i < r._2()._1().length; i++) {
        docs.add(new ScoredDocument(r._2()._1()[i], r._2()._2()[i]));
      }
      run.put(r._1(), docs);
    }
    return run;
  }

  /** One partition's queries searched as a batch; each ranking as its ids and scores (plain arrays travel). */
  private record SearchPartition(String index, int k, int threads)
      implements FlatMapFunction<Iterator<Tuple2<String, String>>, Tuple2<String, Tuple2<String[], double[]>>> {
    @Override
    public Iterator<Tuple2<String, Tuple2<String[], double[]>>> call(Iterator<Tuple2<String, String>> queries) {
      List<String> ids = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      queries.forEachRemaining(q -> {
        ids.add(q._1());
        texts.add(q._2());
      });
      if (ids.isEmpty()) {
        return java.util.Collections.emptyIterator();
      }
      Retriever retriever = ExecutorResources.retriever(index, threads);
      List<List<ScoredDocument>> results = retriever.searchBatch(texts, k);
      List<Tuple2<String, Tuple2<String[], double[]>>> out = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        List<ScoredDocument> hits = results.get(i);
        out.add(new Tuple2<>(ids.get(i), new Tuple2<>(hits.stream().map(ScoredDocument::docId).toArray(String[]::new),
            hits.stream().mapToDouble(ScoredDocument::score).toArray())));
      }
      return out.iterator();
    }
  }
}
