/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import dev.quarry.api.Dataset;
import dev.quarry.api.Evaluations;
import dev.quarry.api.Runs;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.PairedComparison;
import java.nio.file.Path;
import java.util.Map;

/** Is run B better than run A? Each metric's paired t-test and randomization test over the judged queries. */
public final class CompareRuns {
  private CompareRuns() {}

  /**
   * Runs the example.
   *
   * @param args a BEIR folder (or a dataset's name in $QUARRY_DATA), the baseline run and the other run
   */
  public static void main(String[] args) {
    compare(Dataset.open(args[0]), Runs.read(Path.of(args[1])), Runs.read(Path.of(args[2])));
  }

  // readme:start
  static Map<String, PairedComparison> compare(Dataset dataset, Run baseline, Run run) {
    Map<String, PairedComparison> comparisons =
        Evaluations.compare(baseline, run, dataset.qrels("test"), "ndcg@10,recall@100");
    comparisons.forEach((metric, c) -> System.out.printf("%s: %.4f -> %.4f (%+.4f), t-test p %.4f, rand. p %.4f%n",
        metric, c.meanA(), c.meanB(), c.delta(), c.tTestP(), c.randomizationP()));
    return comparisons;
  }
  // readme:end
}
