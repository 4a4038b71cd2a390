/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The metric code on a large synthetic run: {@code queries} queries x 1,000 retrieved documents, 1-20 graded
 * judgments per query, evaluated for the default metrics (nDCG@10, R@100, R@1000, MRR@10, MAP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class EvaluatorBenchmark {
  @Param({"10000"})
  int queries;

  Run run;
  Evaluator evaluator;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(1);
    Map<String, Map<String, Integer>> judgments = new HashMap<>();
    run = new Run();
    for (int q = 0; q < queries; q++) {
      String qid = "q" + q;
      Map<String, Integer> judged = new HashMap<>();
      int relevant = 1 + random.nextInt(20);
      for (int j = 0; j < relevant; j++) {
        judged.put("d" + random.nextInt(5000), random.nextInt(3));
      }
      judgments.put(qid, judged);
      List<ScoredDocument> results = new ArrayList<>(1000);
      for (int r = 0; r < 1000; r++) {
        results.add(new ScoredDocument("d" + random.nextInt(1_000_000), random.nextDouble() * 10));
      }
      run.put(qid, results);
    }
    evaluator = new Evaluator(new Qrels(judgments), Metric.DEFAULTS);
  }

  @Benchmark
  public Evaluation evaluate() {
    return evaluator.evaluate(run);
  }
}
