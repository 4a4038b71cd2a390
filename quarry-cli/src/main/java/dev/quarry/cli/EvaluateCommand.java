package dev.quarry.cli;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Fusion;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry evaluate}: the one-shot path, dataset to metrics. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Evaluates a retriever on a BEIR dataset in one step: indexes the corpus (into a cache, once; a " +
        "dense retriever encodes it once per model), searches the split's judged queries, optionally writes the " +
        "run, and prints the metrics. The hybrid retriever fuses BM25 and dense runs.")
final class EvaluateCommand implements Callable<Integer> {
  enum RetrieverKind { bm25, dense, hybrid }

  enum FusionMethod { rrf, interpolate }

  @Spec CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "scifact", paramLabel = "DIR|NAME",
      description = "A BEIR folder, or the name of one in $QUARRY_DATA (default: ../shared/data beside Quarry) " +
          "(default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--fusion", defaultValue = "rrf", paramLabel = "rrf|interpolate",
      description = "Hybrid: reciprocal rank fusion or min-max score interpolation (default: ${DEFAULT-VALUE}).")
  FusionMethod fusion;

  @Option(names = "--rrf-k", defaultValue = "" + Fusion.DEFAULT_RRF_K, paramLabel = "K",
      description = "Hybrid: the k of reciprocal rank fusion (default: ${DEFAULT-VALUE}).")
  int rrfK;

  @Option(names = "--weight", defaultValue = "0.5", paramLabel = "W",
      description = "Hybrid interpolation: the dense run's weight, BM25's is 1 - W (default: ${DEFAULT-VALUE}).")
  double weight;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where built indexes and encoded corpora are kept (default: $QUARRY_CACHE, else ~/.cache/quarry).")
  Path cache;

  @Option(names = "--reindex", description = "Rebuild cached indexes (and re-encode) even if they exist.")
  boolean reindex;

  @Option(names = "--tag", defaultValue = "quarry", paramLabel = "TAG", description = "The run tag (default: ${DEFAULT-VALUE}).")
  String tag;

  @Mixin RetrieverOptions retrieverOptions;
  @Mixin EncoderOptions encoderOptions;
  @Mixin DenseIndexOptions denseOptions;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    List<Metric> metricList = Metric.parseList(metrics);
    CommandChecks.positive("--k", k);
    CommandChecks.positive("--threads", threads);
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("--weight must be between 0 and 1; got " + weight);
    }
    BeirDataset data = DatasetLocator.locate(dataset);
    Qrels qrels = data.qrels(split);
    Queries all = data.queries();
    Queries judged = all.filter(qrels::contains);
    IndexCache indexCache = new IndexCache(cache);
    boolean sparse = retriever != RetrieverKind.dense;
    boolean dense = retriever != RetrieverKind.bm25;
    DenseIndexSettings settings = denseOptions.settings();
    ModelSource model = dense ? encoderOptions.source(ModelRegistry.DEFAULT_MODEL) : null;

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", data.folder().toAbsolutePath().normalize());
    config.put("split", split + " (" + judged.size() + " judged queries, " + qrels.judgmentCount() + " judgments)");
    config.put("retriever", retriever + (retriever == RetrieverKind.hybrid ? " (" + (fusion == FusionMethod.rrf
        ? "reciprocal rank fusion, k=" + rrfK : "min-max interpolation, dense weight " + weight) + ")" : ""));
    if (sparse) {
      config.put("bm25", retrieverOptions.bm25() + ", analyzer " + Analyzers.ENGLISH);
    }
    if (dense) {
      encoderOptions.describe(config, model);
      config.put("dense index", settings);
    }
    config.put("cache", indexCache.root());
    config.put("k", k);
    config.put("threads", threads);
    config.put("metrics", metricList);
    config.put("run", runFile == null ? "not written" : runFile.toAbsolutePath().normalize());
    console.configuration("evaluate", config);

    boolean qrelsChecked = false;
    Run sparseRun = null;
    Run denseRun = null;
    if (sparse) {
      Path index = bm25Index(data, indexCache, console);
      try (Retriever searcher = new Bm25Searcher(index, retrieverOptions.bm25())) {
        RunSteps.checkQrels(qrels, data.qrelsFile(split).toString(), all, searcher);
        qrelsChecked = true;
        sparseRun = RunSteps.search(searcher, judged, k, threads, console, spec.commandLine().getErr());
      }
    }
    if (dense) {
      OnnxEncoder encoder = encoderOptions.open(model);
      Retriever searcher;
      try {
        Path index = denseIndex(data, indexCache, encoder, model, settings, console);
        searcher = DenseRetriever.open(index, encoder, retrieverOptions.dense());
      } catch (RuntimeException e) {
        encoder.close();
        throw e;
      }
      try (searcher) {
        if (!qrelsChecked) {
          RunSteps.checkQrels(qrels, data.qrelsFile(split).toString(), all, searcher);
        }
        denseRun = RunSteps.search(searcher, judged, k, threads, console, spec.commandLine().getErr());
      }
    }
    Run run;
    if (retriever == RetrieverKind.hybrid) {
      Metric first = metricList.get(0);
      Evaluator partEvaluator = new Evaluator(qrels, List.of(first));
      console.info(String.format(Locale.ROOT, "parts: bm25 %s %.4f, dense %s %.4f", first,
          partEvaluator.evaluate(sparseRun).mean(first), first, partEvaluator.evaluate(denseRun).mean(first)));
      run = fusion == FusionMethod.rrf
          ? Fusion.reciprocalRank(List.of(sparseRun, denseRun), rrfK, k)
          : Fusion.interpolate(List.of(sparseRun, denseRun), List.of(1 - weight, weight), k);
    } else {
      run = sparse ? sparseRun : denseRun;
    }
    if (runFile != null) {
      RunSteps.write(run, runFile, tag, console);
    }
    RunSteps.evaluate(run, qrels, metricList, perQuery, spec.commandLine().getOut());
    return 0;
  }

  private Path bm25Index(BeirDataset data, IndexCache indexCache, Console console) {
    Path index = indexCache.indexFor(data.name() + "-bm25", data.corpusFile(), "bm25;" + Analyzers.ENGLISH);
    if (reindex || !Files.exists(index.resolve(IndexManifest.FILE_NAME))) {
      long start = System.nanoTime();
      IndexManifest manifest;
      try (ProgressBars progress = new ProgressBars("Indexing", -1, "docs", spec.commandLine().getErr())) {
        manifest = new Bm25IndexBuilder().build(data.corpusFile(), index, true, progress);
      }
      console.throughput("indexed", manifest.documents(), "documents", System.nanoTime() - start);
    } else {
      console.info("bm25: using the cached index " + index + " (--reindex rebuilds it)");
    }
    return index;
  }

  /**
   * The corpus encoded by the model (cached per dataset, model and maximum length) and, for any structure other
   * than a flat float index, the structure built from those vectors (cached too).
   */
  private Path denseIndex(BeirDataset data, IndexCache indexCache, OnnxEncoder encoder, ModelSource model,
      DenseIndexSettings settings, Console console) {
    String name = data.name() + "-" + model.shortName();
    Path embeddings = indexCache.indexFor(name, data.corpusFile(),
        "dense;" + model.fingerprint() + ";" + encoder.recipe());
    if (reindex || !Files.exists(embeddings.resolve(IndexManifest.FILE_NAME))) {
      IndexCommand.buildDense(console, spec, encoder, DenseIndexSettings.FLAT, threads, data.corpusFile(), embeddings,
          true);
    } else {
      console.info("dense: using the cached encoded corpus " + embeddings + " (--reindex encodes again)");
    }
    if (settings.equals(DenseIndexSettings.FLAT)) {
      return embeddings;
    }
    Path index = indexCache.indexFor(name + "-" + settings.label(), data.corpusFile(),
        "dense;" + model.fingerprint() + ";" + encoder.recipe() + ";" + settings);
    if (reindex || !Files.exists(index.resolve(IndexManifest.FILE_NAME))) {
      long start = System.nanoTime();
      IndexManifest manifest;
      try (ProgressBars progress = new ProgressBars("Indexing", -1, "vectors", spec.commandLine().getErr())) {
        manifest = new DenseIndexBuilder(settings, threads).buildFrom(embeddings, index, true, progress);
      }
      console.throughput("indexed (" + settings.label() + ")", manifest.documents(), "vectors",
          System.nanoTime() - start);
    } else {
      console.info("dense: using the cached " + settings.label() + " index " + index);
    }
    return index;
  }
}
