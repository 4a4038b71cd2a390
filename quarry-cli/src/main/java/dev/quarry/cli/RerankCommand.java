/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.Phase;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.QueryOverlap;
import dev.quarry.llm.PairwiseTeacher;
import dev.quarry.llm.PairwiseTeachers;
import dev.quarry.rerank.PointwiseTeacher;
import dev.quarry.rerank.RunReranker;
import dev.quarry.search.IndexCache;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry rerank}: reranks a first-stage run with a cross-encoder, and optionally a pairwise reranker. */
@Command(name = "rerank", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Reranks the top --depth of a run with a pointwise cross-encoder, then (with --pairwise) the top " +
        "--pairwise-depth again with a pairwise reranker, aggregating every ordered pair (sym-sum: d_i gets p, d_j " +
        "gets 1 - p); --pairwise llm:MODEL asks a language model at --llm-url instead (PRP, docs/LLM.md). Teacher " +
        "scores are cached on disk and never computed twice. Reads --run, writes --out.")
final class RerankCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, arity = "1", paramLabel = "FILE",
      description = "The run to rerank. (Given twice, the second is where to write: the old form of --out.)")
  List<Path> runs;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the reranked run.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the --out file if it exists (refused otherwise).")
  boolean overwrite;

  @Option(names = "--dataset", required = true, paramLabel = "DIR|NAME", description = "The BEIR dataset of the run.")
  String dataset;

  @Option(names = "--split", paramLabel = "SPLIT", description = "Evaluate the reranked run on this split's qrels.")
  String split;

  @Option(names = "--reranker", required = true, paramLabel = "DIR|NAME[=W]",
      description = "A cross-encoder folder; give several (cross-encoders, dense models, or bm25 for BM25 with the "
          + "dataset's statistics) to fuse them, each min-max normalised per query and weighted by W (default 1), as "
          + "distill's ensemble teacher does.")
  List<String> rerankers;

  @Option(names = "--pairwise", paramLabel = "DIR|llm:MODEL",
      description = "A pairwise reranker folder, or llm:MODEL: that model at --llm-url judging pairs by PRP.")
  String pairwise;

  @Option(names = "--depth", defaultValue = "100", paramLabel = "N",
      description = "Documents per query the cross-encoder scores (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--pairwise-depth", defaultValue = "10", paramLabel = "N",
      description = "Documents per query the pairwise reranker orders, N(N-1) pairs (default: ${DEFAULT-VALUE}).")
  int pairwiseDepth;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where teacher scores are kept (default: $QUARRY_CACHE, else ~/.cache/quarry).")
  Path cache;

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--metrics", defaultValue = "ndcg@10,recall@100,mrr@10", paramLabel = "LIST",
      description = "Metrics printed with --split (default: ${DEFAULT-VALUE}).")
  String metrics;

  @Mixin LlmOptions llmOptions;

  @Override
  public Integer call() {
    if (out == null && runs.size() == 2) {
      out = runs.get(1);
    } else if (out == null || runs.size() != 1) {
      throw new UsageException("give the run to rerank with --run and where to write it with --out");
    }
    CommandChecks.positive("--depth", depth);
    CommandChecks.positive("--pairwise-depth", pairwiseDepth);
    if (pairwise != null && pairwiseDepth < 2) {
      throw new UsageException("--pairwise-depth must be at least 2 to form a pair; got " + pairwiseDepth);
    }
    List<Metric> metricList = CommandChecks.option("--metrics", () -> Metric.parseList(metrics));
    CommandChecks.writable("--out", out, overwrite);
    Console console = new Console(spec.commandLine().getErr());
    BeirDataset data = CommandChecks.option("--dataset", () -> DatasetLocator.locate(dataset));
    Run first = Run.read(runs.get(0));
    QueryOverlap overlap = QueryOverlap.of(first.queryIds(), data.queries().ids()).requireCommon(
        runs.get(0).toString(), data.folder().resolve("queries.jsonl").toString());
    if (overlap.onlyFirst() > 0) {
      console.info("warning: " + overlap.onlyFirst() + " queries of " + runs.get(0) + " are not in the dataset's"
          + " queries and are left out");
    }
    Queries queries = data.queries().filter(first.queryIds()::contains);
    IndexCache indexCache = IndexCache.at(cache);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("run", runs.get(0).toAbsolutePath().normalize() + " (" + first.size() + " queries)");
    config.put("dataset", data.folder());
    config.put("reranker", String.join(" + ", rerankers) + ", top " + depth);
    config.put("cache", indexCache.teachers(data.corpusFile()));
    config.put("out", out.toAbsolutePath().normalize());
    var llm = CommandChecks.usage(() -> llmOptions.endpoint(indexCache));
    Map<String, String> corpus = data.corpusTexts();
    long start = System.nanoTime();
    Run reranked;
    try (PairwiseTeacher duo = pairwise == null ? null
            : PairwiseTeachers.open(pairwise, llm, indexCache.teachers(data.corpusFile()), threads)) {
      config.put("pairwise", duo == null ? "none" : duo.describe() + ", top " + pairwiseDepth + " ("
          + pairwiseDepth * (pairwiseDepth - 1) + " ordered pairs a query)");
      if (llm != null && duo != null) {
        llmOptions.describe(config, llm);
      }
      console.configuration("rerank", config);
      try (PointwiseTeacher pointwise = PointwiseTeacher.open(rerankers, indexCache, data.corpusFile(), threads);
          ProgressBars progress = new ProgressBars(Phase.RERANKING, queries.size(), spec.commandLine().getErr())) {
        RunReranker reranker = new RunReranker(pointwise, depth, duo == null ? null : duo.reranker(),
            duo == null ? null : duo.cache(), pairwiseDepth);
        reranked = reranker.rerank(first, queries, corpus, progress);
        console.info(String.format(java.util.Locale.ROOT, "teacher scores: %d computed, %d from the cache",
            reranker.computed(), reranker.cached()));
      }
      if (duo != null && !duo.summary(llmOptions.pricing()).isEmpty()) {
        console.info(duo.summary(llmOptions.pricing()));
      }
    }
    console.throughput("reranked", queries.size(), "queries", System.nanoTime() - start);
    RunSteps.write(reranked, out, "reranked", console);
    if (split != null) {
      Qrels qrels = data.qrels(split);
      RunSteps.evaluate(reranked, qrels, metricList, false, spec.commandLine().getOut());
    }
    return 0;
  }
}
