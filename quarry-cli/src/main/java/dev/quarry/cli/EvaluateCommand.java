package dev.quarry.cli;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25IndexBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry evaluate}: the one-shot path, dataset to metrics. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluates a retriever on a BEIR dataset in one step: indexes the corpus (into a cache, once),",
        "searches the split's judged queries, optionally writes the run, and prints the metrics."})
final class EvaluateCommand implements Callable<Integer> {
  enum RetrieverKind { bm25 }

  @Spec CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "scifact", paramLabel = "DIR|NAME",
      description = {"A BEIR folder, or the name of one in $QUARRY_DATA (default: ../shared/data beside Quarry)",
          "(default: ${DEFAULT-VALUE})."})
  String dataset;

  @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
      description = "The qrels split to evaluate, qrels/<split>.tsv (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--retriever", defaultValue = "bm25", paramLabel = "KIND",
      description = "The retriever: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  RetrieverKind retriever;

  @Option(names = "--run", paramLabel = "FILE", description = "Also write the TREC run here.")
  Path runFile;

  @Option(names = "--k", defaultValue = "1000", paramLabel = "K",
      description = "Documents per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--threads", paramLabel = "N", description = "Search threads (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--metrics", defaultValue = "ndcg@10,recall@100,recall@1000,mrr@10,map", paramLabel = "LIST",
      description = "Metrics to print (default: ${DEFAULT-VALUE}).")
  String metrics;

  @Option(names = {"-q", "--per-query"}, description = "Also print each query's values.")
  boolean perQuery;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where built indexes are kept (default: $QUARRY_CACHE, else ~/.cache/quarry).")
  Path cache;

  @Option(names = "--reindex", description = "Rebuild the cached index even if it exists.")
  boolean reindex;

  @Option(names = "--tag", defaultValue = "quarry", paramLabel = "TAG", description = "The run tag (default: ${DEFAULT-VALUE}).")
  String tag;

  @Mixin RetrieverOptions retrieverOptions;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    List<Metric> metricList = Metric.parseList(metrics);
    if (k < 1) {
      throw new IllegalArgumentException("--k must be positive; got " + k);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be positive; got " + threads);
    }
    BeirDataset data = DatasetLocator.locate(dataset);
    Qrels qrels = data.qrels(split);
    Queries all = data.queries();
    Queries judged = all.filter(qrels::contains);
    IndexCache indexCache = new IndexCache(cache);
    Path index = indexCache.indexFor(data.name() + "-" + retriever, data.corpusFile(),
        retriever + ";" + Analyzers.ENGLISH);

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", data.folder().toAbsolutePath().normalize());
    config.put("split", split + " (" + judged.size() + " judged queries, " + qrels.judgmentCount() + " judgments)");
    config.put("retriever", retriever + " (" + retrieverOptions.bm25() + ", analyzer " + Analyzers.ENGLISH + ")");
    config.put("index", index);
    config.put("k", k);
    config.put("threads", threads);
    config.put("metrics", metricList);
    config.put("run", runFile == null ? "not written" : runFile.toAbsolutePath().normalize());
    console.configuration("evaluate", config);

    if (reindex || !Files.exists(index.resolve(IndexManifest.FILE_NAME))) {
      long start = System.nanoTime();
      IndexManifest manifest;
      try (ProgressBars progress = new ProgressBars("Indexing", -1, "docs", spec.commandLine().getErr())) {
        manifest = new Bm25IndexBuilder().build(data.corpusFile(), index, true, progress);
      }
      console.throughput("indexed", manifest.documents(), "documents", System.nanoTime() - start);
    } else {
      console.info("using the cached index (--reindex rebuilds it)");
    }
    try (Retriever searcher = retrieverOptions.open(index)) {
      RunSteps.checkQrels(qrels, data.qrelsFile(split).toString(), all, searcher);
      Run run = RunSteps.search(searcher, judged, k, threads, console, spec.commandLine().getErr());
      if (runFile != null) {
        RunSteps.write(run, runFile, tag, console);
      }
      RunSteps.evaluate(run, qrels, metricList, perQuery, spec.commandLine().getOut());
    }
    return 0;
  }
}
