/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.Phase;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.core.search.Retriever;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The steps {@code search} and {@code evaluate} share: search with progress, write the run, print the metrics. */
final class RunSteps {
  private RunSteps() {}

  static Run search(Retriever retriever, Queries queries, int k, int threads, Console console, PrintWriter err) {
    return search(retriever, queries, k, threads, console, err, "searched");
  }

  /** @param verb the summary line's first words, such as "searched (bm25)" when one command searches twice */
  static Run search(Retriever retriever, Queries queries, int k, int threads, Console console, PrintWriter err,
      String verb) {
    long start = System.nanoTime();
    Run run;
    try (ProgressBars progress = new ProgressBars(Phase.SEARCHING, queries.size(), err)) {
      run = BatchSearch.search(retriever, queries, k, threads, progress);
    }
    console.throughput(verb, queries.size(), "queries", System.nanoTime() - start);
    return run;
  }

  static void write(Run run, Path file, String tag, Console console) {
    run.write(file, tag);
    console.info("wrote run " + file.toAbsolutePath().normalize());
  }

  /** Warns about judgments that name documents or queries the index and query set do not have. */
  static void checkQrels(Qrels qrels, String source, Queries allQueries, Retriever retriever) {
    qrels.warnUnknown(source, allQueries.ids()::contains, retriever::containsDocument);
  }

  static Evaluation evaluate(Run run, Qrels qrels, List<Metric> metrics, boolean perQuery, PrintWriter out) {
    Evaluation evaluation = new Evaluator(qrels, metrics).evaluate(run);
    out.print(evaluation.format(perQuery));
    out.flush();
    return evaluation;
  }
}
