package dev.quarry.cli;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.PairedComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry eval}: scores a TREC run against qrels, as trec_eval does, and compares two runs. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Scores a TREC run against qrels exactly as trec_eval 9 does. " +
        "With --baseline, also tests whether the run differs from the baseline (paired t-test and paired " +
        "randomization test, " + PairedComparison.DEFAULT_TRIALS + " trials, fixed seed).")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "Judgments: BEIR TSV or TREC qrels.")
  Path qrels;

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

  @Override
  public Integer call() {
    List<Metric> metricList = Metric.parseList(metrics);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("qrels", qrels.toAbsolutePath().normalize());
    config.put("run", runFile.toAbsolutePath().normalize());
    config.put("metrics", metricList);
    config.put("complete", complete);
    config.put("relevance level", relevanceLevel);
    if (baseline != null) {
      config.put("baseline", baseline.toAbsolutePath().normalize());
    }
    new Console(spec.commandLine().getErr()).configuration("eval", config);
    Evaluator evaluator = new Evaluator(Qrels.read(qrels), metricList, complete, relevanceLevel);
    Evaluation evaluation = evaluator.evaluate(Run.read(runFile));
    PrintWriter out = spec.commandLine().getOut();
    if (baseline == null) {
      out.print(evaluation.format(perQuery));
    } else {
      Evaluation base = evaluator.evaluate(Run.read(baseline));
      if (perQuery) {
        out.print(evaluation.format(true));
      }
      out.printf(Locale.ROOT, "%-12s %9s %9s %9s %9s %9s%n", "metric", "baseline", "run", "delta", "t-test p",
          "rand. p");
      for (Metric metric : metricList) {
        PairedComparison c = PairedComparison.compare(base.perQuery(metric), evaluation.perQuery(metric));
        out.printf(Locale.ROOT, "%-12s %9.4f %9.4f %+9.4f %9.4f %9.4f%n", metric.name(), c.meanA(), c.meanB(),
            c.delta(), c.tTestP(), c.randomizationP());
      }
      out.printf(Locale.ROOT, "%-12s %9d%n", "num_q", evaluation.queryCount());
    }
    out.flush();
    return 0;
  }
}
