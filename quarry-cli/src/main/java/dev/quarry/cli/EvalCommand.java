/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.PairedComparison;
import dev.quarry.core.eval.QueryOverlap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry eval}: scores a TREC run against qrels, as trec_eval does, and compares two runs. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Scores a TREC run against qrels exactly as trec_eval 9 does. " +
        "With --baseline, also tests whether the run differs from the baseline (paired t-test and paired " +
        "randomization test, " + PairedComparison.DEFAULT_TRIALS + " trials, fixed seed).")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--qrels", paramLabel = "FILE", description = "Judgments: BEIR TSV or TREC qrels.")
  Path qrels;

  @Option(names = "--dataset", paramLabel = "DIR|NAME",
      description = "Instead of --qrels: a BEIR dataset (a folder, or a name in $QUARRY_DATA), judged in --split.")
  String dataset;

  @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
      description = "With --dataset: the judgments, qrels/<split>.tsv (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--run", required = true, paramLabel = "FILE", description = "The TREC run to score.")
  Path runFile;

  @Option(names = "--metrics", defaultValue = "ndcg@10,recall@100,recall@1000,mrr@10,map", paramLabel = "LIST",
      description = "Comma-separated: ndcg@k, ndcg, recall@k, p@k, mrr@k, mrr, map, map@k, success@k"
          + " (default: ${DEFAULT-VALUE}).")
  String metrics;

  @Option(names = {"-q", "--per-query"}, description = "Also print each query's values.")
  boolean perQuery;

  @Option(names = {"-c", "--complete"},
      description = "Average over every judged query, counting those missing from the run as 0 (trec_eval -c).")
  boolean complete;

  @Option(names = {"-l", "--relevance-level"}, defaultValue = "1", paramLabel = "N",
      description = "The least grade that counts as relevant for binary measures (default: ${DEFAULT-VALUE}).")
  int relevanceLevel;

  @Option(names = "--baseline", paramLabel = "FILE", description = "A second run to compare against.")
  Path baseline;

  @Option(names = "--table", description = "With --baseline: a table for people instead of trec_eval-style lines "
      + "(the default on a terminal).")
  boolean table;

  @Override
  public Integer call() {
    List<Metric> metricList = CommandChecks.option("--metrics", () -> Metric.parseList(metrics));
    if ((dataset == null) == (qrels == null)) {
      throw new UsageException("give the judgments with --qrels, or a dataset with --dataset (and --split)");
    }
    if (dataset != null) {
      qrels = CommandChecks.option("--dataset", () -> DatasetLocator.locate(dataset).qrelsFile(split));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("qrels", qrels.toAbsolutePath().normalize());
    config.put("run", runFile.toAbsolutePath().normalize());
    config.put("metrics", metricList);
    config.put("complete", complete);
    config.put("relevance level", relevanceLevel);
    if (baseline != null) {
      config.put("baseline", baseline.toAbsolutePath().normalize());
    }
    Console console = new Console(spec.commandLine().getErr());
    console.configuration("eval", config);
    Qrels judged = Qrels.read(qrels);
    Run run = Run.read(runFile);
    overlap(console, run, judged, runFile);
    Evaluator evaluator = new Evaluator(judged, metricList, complete, relevanceLevel);
    Evaluation evaluation = evaluator.evaluate(run);
    PrintWriter out = spec.commandLine().getOut();
    if (baseline == null) {
      out.print(evaluation.format(perQuery));
    } else {
      Run base = Run.read(baseline);
      overlap(console, base, judged, baseline);
      Evaluation baseEvaluation = evaluator.evaluate(base);
      if (perQuery) {
        out.print(evaluation.format(true));
      }
      List<PairedComparison> comparisons = evaluation.comparedTo(baseEvaluation);
      if (table || Boolean.getBoolean("quarry.interactive")) {
        printTable(out, metricList, comparisons, evaluation.queryCount());
      } else {
        printLines(out, metricList, comparisons, evaluation.queryCount());
      }
    }
    out.flush();
    return 0;
  }

  /** Refuses a run with no query in the qrels; warns about a partial overlap. */
  private void overlap(Console console, Run run, Qrels judged, Path file) {
    QueryOverlap o = QueryOverlap.of(run.queryIds(), judged.queryIds()).requireCommon(file.toString(),
        qrels.toString());
    o.warning(file.toString(), qrels.toString()).ifPresent(w -> console.info("warning: " + w
        + (complete ? "" : " (judged queries the run lacks are left out of the means; -c counts them as 0)")));
  }

  /** trec_eval's three columns, one line a figure: {@code ndcg@10:delta  all  +0.0305}. */
  private static void printLines(PrintWriter out, List<Metric> metrics, List<PairedComparison> comparisons, int n) {
    for (int i = 0; i < metrics.size(); i++) {
      PairedComparison c = comparisons.get(i);
      String m = metrics.get(i).name();
      out.printf(Locale.ROOT, "%-12s\tall\t%.4f%n", m + ":baseline", c.meanA());
      out.printf(Locale.ROOT, "%-12s\tall\t%.4f%n", m, c.meanB());
      out.printf(Locale.ROOT, "%-12s\tall\t%+.4f%n", m + ":delta", c.delta());
      out.printf(Locale.ROOT, "%-12s\tall\t%.4f%n", m + ":t_test_p", c.tTestP());
      out.printf(Locale.ROOT, "%-12s\tall\t%.4f%n", m + ":randomization_p", c.randomizationP());
    }
    out.printf(Locale.ROOT, "%-12s\tall\t%d%n", "num_q", n);
  }

  private static void printTable(PrintWriter out, List<Metric> metrics, List<PairedComparison> comparisons, int n) {
    out.printf(Locale.ROOT, "%-12s %9s %9s %9s %9s %9s%n", "metric", "baseline", "run", "delta", "t-test p",
        "rand. p");
    for (int i = 0; i < metrics.size(); i++) {
      PairedComparison c = comparisons.get(i);
      out.printf(Locale.ROOT, "%-12s %9.4f %9.4f %+9.4f %9.4f %9.4f%n", metrics.get(i).name(), c.meanA(), c.meanB(),
          c.delta(), c.tTestP(), c.randomizationP());
    }
    out.printf(Locale.ROOT, "%-12s %9d%n", "num_q", n);
  }
}
