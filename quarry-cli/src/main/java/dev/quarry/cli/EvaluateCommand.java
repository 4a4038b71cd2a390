/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.QueryOverlap;
import dev.quarry.core.search.Fusion;
import dev.quarry.core.search.Retriever;
import dev.quarry.llm.LlmEndpoint;
import dev.quarry.llm.QueryAugmentation;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.search.IndexCache;
import dev.quarry.solr.SolrRetriever;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry evaluate}: the one-shot path, dataset to metrics. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Evaluates a retriever on a BEIR dataset in one step: indexes the corpus (into a cache, once; a " +
        "dense retriever encodes it once per model), searches the split's judged queries, optionally writes the " +
        "run, and prints the metrics. The hybrid retriever fuses BM25 and dense runs; colbert searches a ColBERT " +
        "model's compressed index with PLAID (--exhaustive: every passage). --augment asks a language model to " +
        "expand each query first: lamer for BM25, hyde for dense retrieval (docs/LLM.md). solr searches a SolrCloud " +
        "collection 'quarry publish' made (--solr, --collection, --solr-query; docs/SCALE.md).")
final class EvaluateCommand implements Callable<Integer> {
  enum RetrieverKind { bm25, dense, hybrid, colbert, solr }

  enum FusionMethod { rrf, interpolate }

  @Spec CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "scifact", paramLabel = "DIR|NAME",
      description = "A BEIR folder, or the name of one in $QUARRY_DATA, else in ../shared/data beside Quarry "
          + "(default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
      description = "The qrels split to evaluate, qrels/<split>.tsv (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--retriever", defaultValue = "bm25", paramLabel = "KIND",
      description = "The retriever: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  RetrieverKind retriever;

  @Option(names = {"--out", "--run"}, paramLabel = "FILE",
      description = "Also write the TREC run here (--run is the old name).")
  Path runFile;

  @Option(names = "--overwrite", description = "Replace the run file if it exists (refused otherwise).")
  boolean overwrite;

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

  @Option(names = "--weights", split = ",", paramLabel = "BM25,DENSE", hideParamSyntax = true,
      description = "Hybrid interpolation: the BM25 and the dense run's weights, as fuse --weights takes them "
          + "(default: 0.5,0.5).")
  List<Double> weights;

  @Option(names = "--weight", hidden = true, paramLabel = "W",
      description = "The old form of --weights: the dense run's weight W, BM25's 1 - W.")
  Double weight;

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
  @Mixin AugmentOptions augmentOptions;
  @Mixin LlmOptions llmOptions;
  @Mixin SolrOptions solrOptions;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    List<Metric> metricList = CommandChecks.option("--metrics", () -> Metric.parseList(metrics));
    CommandChecks.positive("--k", k);
    CommandChecks.positive("--threads", threads);
    List<Double> fusionWeights = fusionWeights();
    if (runFile != null) {
      CommandChecks.writable("--out", runFile, overwrite);
    }
    BeirDataset data = CommandChecks.option("--dataset", () -> DatasetLocator.locate(dataset));
    Qrels qrels = CommandChecks.option("--split", () -> data.qrels(split));
    Queries all = data.queries();
    QueryOverlap.of(qrels.queryIds(), all.ids()).requireCommon(data.qrelsFile(split).toString(),
        data.folder().resolve("queries.jsonl").toString());
    Queries judged = all.filter(qrels::contains);
    if (retriever == RetrieverKind.bm25 && encoderOptions.model != null) {
      console.info("warning: --model is not used by --retriever bm25 (give --retriever dense or hybrid)");
    }
    if (retriever != RetrieverKind.solr && solrOptions.given()) {
      throw new UsageException("--solr, --collection and --solr-query go with --retriever solr");
    }
    if (retriever == RetrieverKind.solr) {
      if (augmentOptions.given()) {
        throw new UsageException("--augment augments BM25's or a dense search, not solr's");
      }
      return solr(console, data, qrels, all, judged, metricList);
    }
    IndexCache indexCache = IndexCache.at(cache);
    if (retriever == RetrieverKind.colbert) {
      if (augmentOptions.given()) {
        throw new UsageException("--augment " + augmentOptions.method.label() + " augments BM25's or a dense search,"
            + " not colbert's; use --retriever bm25, dense or hybrid");
      }
      return colbert(console, data, qrels, all, judged, metricList, indexCache);
    }
    boolean sparse = retriever != RetrieverKind.dense;
    boolean dense = retriever != RetrieverKind.bm25;
    DenseIndexSettings settings = denseOptions.settings();
    ModelSource model = dense ? CommandChecks.option("--model", () -> {
      ModelSource m = encoderOptions.source(ModelRegistry.DEFAULT_MODEL);
      m.requireKind(ModelKind.DENSE, "give --retriever " + m.kind() + " for it");
      return m;
    }) : null;
    if (augmentOptions.method == QueryAugmentation.Method.LAMER && !sparse
        || augmentOptions.method == QueryAugmentation.Method.HYDE && !dense) {
      throw new UsageException("--augment " + augmentOptions.method.label() + " augments "
          + (sparse ? "a dense" : "BM25's") + " search; use --retriever " + (sparse ? "dense" : "bm25")
          + " or hybrid");
    }
    LlmEndpoint llm = CommandChecks.usage(() -> llmOptions.endpoint(indexCache));

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", data.folder().toAbsolutePath().normalize());
    config.put("split", split + " (" + judged.size() + " judged queries, " + qrels.judgmentCount() + " judgments)");
    config.put("retriever", retriever + (retriever == RetrieverKind.hybrid ? " (" + (fusion == FusionMethod.rrf
        ? "reciprocal rank fusion, k=" + rrfK : "min-max interpolation, weights " + fusionWeights) + ")" : ""));
    if (sparse) {
      config.put("bm25", retrieverOptions.bm25() + ", analyzer " + Analyzers.ENGLISH);
    }
    if (dense) {
      encoderOptions.describe(config, model);
      config.put("dense index", settings);
    }
    config.put("cache", indexCache.root());
    if (augmentOptions.given() && llm != null) {
      llmOptions.describe(config, llm);
    }
    config.put("k", k);
    config.put("threads", threads);
    config.put("metrics", metricList);
    config.put("run", runFile == null ? "not written" : runFile.toAbsolutePath().normalize());
    try (QueryAugmentation augmentation = augmentOptions.open(llm, judged)) {
      if (augmentation != null) {
        config.put("augment", augmentation.describe());
      }
      console.configuration("evaluate", config);
      return search(data, qrels, all, judged, indexCache, settings, model, metricList, augmentation, console);
    }
  }

  /** Searches with BM25, a dense model or both (each augmented if asked), fuses, writes and evaluates. */
  private int search(BeirDataset data, Qrels qrels, Queries all, Queries judged, IndexCache indexCache,
      DenseIndexSettings settings, ModelSource model, List<Metric> metricList, QueryAugmentation augmentation,
      Console console) {
    boolean sparse = retriever != RetrieverKind.dense;
    boolean dense = retriever != RetrieverKind.bm25;
    boolean lamer = augmentation != null && augmentation.method() == QueryAugmentation.Method.LAMER;
    boolean hyde = augmentation != null && augmentation.method() == QueryAugmentation.Method.HYDE;
    boolean qrelsChecked = false;
    Run sparseRun = null;
    Run denseRun = null;
    if (sparse) {
      Path index = bm25Index(data, indexCache, console);
      Bm25Searcher bm25 = new Bm25Searcher(index, retrieverOptions.bm25());
      try (Retriever searcher = lamer ? augmentation.lamer(bm25, data.corpusTexts()) : bm25) {
        RunSteps.checkQrels(qrels, data.qrelsFile(split).toString(), all, searcher);
        qrelsChecked = true;
        sparseRun = RunSteps.search(searcher, judged, k, threads, console, spec.commandLine().getErr(),
            retriever == RetrieverKind.hybrid ? "searched (bm25)" : "searched");
      }
    }
    if (dense) {
      OnnxEncoder encoder = encoderOptions.open(model);
      Retriever searcher;
      try {
        Path index = denseIndex(data, indexCache, encoder, settings, console);
        searcher = DenseRetriever.openCached(index, hyde ? augmentation.hyde(encoder) : encoder,
            retrieverOptions.dense());
      } catch (RuntimeException e) {
        encoder.close();
        throw e;
      }
      try (searcher) {
        if (!qrelsChecked) {
          RunSteps.checkQrels(qrels, data.qrelsFile(split).toString(), all, searcher);
        }
        denseRun = RunSteps.search(searcher, judged, k, threads, console, spec.commandLine().getErr(),
            retriever == RetrieverKind.hybrid ? "searched (dense)" : "searched");
      }
    }
    if (augmentation != null) {
      console.info(augmentation.summary(llmOptions.pricing()));
    }
    Run run;
    if (retriever == RetrieverKind.hybrid) {
      Metric first = metricList.get(0);
      Evaluator partEvaluator = new Evaluator(qrels, List.of(first));
      console.info(String.format(Locale.ROOT, "parts: bm25 %s %.4f, dense %s %.4f", first,
          partEvaluator.evaluate(sparseRun).mean(first), first, partEvaluator.evaluate(denseRun).mean(first)));
      run = fusion == FusionMethod.rrf
          ? Fusion.reciprocalRank(List.of(sparseRun, denseRun), rrfK, k)
          : Fusion.interpolate(List.of(sparseRun, denseRun), fusionWeights(), k);
    } else {
      run = sparse ? sparseRun : denseRun;
    }
    if (runFile != null) {
      RunSteps.write(run, runFile, tag, console);
    }
    RunSteps.evaluate(run, qrels, metricList, perQuery, spec.commandLine().getOut());
    return 0;
  }

  /**
   * {@code --retriever solr}: the split's judged queries searched in a published SolrCloud collection (BM25, kNN, or
   * both fused by reciprocal rank with --rrf-k as the local hybrid fuses them).
   */
  private Integer solr(Console console, BeirDataset data, Qrels qrels, Queries all, Queries judged,
      List<Metric> metricList) {
    if (fusion != FusionMethod.rrf) {
      throw new UsageException("--retriever solr fuses by reciprocal rank only (--fusion rrf)");
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", data.folder().toAbsolutePath().normalize());
    config.put("split", split + " (" + judged.size() + " judged queries, " + qrels.judgmentCount() + " judgments)");
    Run run;
    try (SolrRetriever searcher = solrOptions.open(encoderOptions, retrieverOptions.efSearch, rrfK)) {
      solrOptions.describe(config, searcher);
      config.put("k", k);
      config.put("threads", threads);
      config.put("metrics", metricList);
      config.put("run", runFile == null ? "not written" : runFile.toAbsolutePath().normalize());
      console.configuration("evaluate", config);
      RunSteps.checkQrels(qrels, data.qrelsFile(split).toString(), all, searcher);
      run = RunSteps.search(searcher, judged, k, threads, console, spec.commandLine().getErr(), "searched");
    }
    if (runFile != null) {
      RunSteps.write(run, runFile, tag, console);
    }
    RunSteps.evaluate(run, qrels, metricList, perQuery, spec.commandLine().getOut());
    return 0;
  }

  /** {@code --retriever colbert}: the model's compressed index (cached), searched by PLAID or exhaustively. */
  private Integer colbert(Console console, BeirDataset data, Qrels qrels, Queries all, Queries judged,
      List<Metric> metricList, IndexCache indexCache) {
    if (encoderOptions.model == null) {
      throw new UsageException("--retriever colbert needs --model: a ColBERT model folder (quarry train --kind"
          + " colbert)");
    }
    ModelSource model = CommandChecks.option("--model", () -> {
      ModelSource s = encoderOptions.source(null);
      s.requireKind(ModelKind.COLBERT, "give --retriever " + s.kind() + " for it");
      return s;
    });
    ColbertRetriever.Mode mode = retrieverOptions.colbertMode();
    ColbertIndexSettings settings = ColbertIndexSettings.DEFAULTS.withKeepFloats(
        mode == ColbertRetriever.Mode.EXHAUSTIVE_FLOATS);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", data.folder().toAbsolutePath().normalize());
    config.put("split", split + " (" + judged.size() + " judged queries, " + qrels.judgmentCount() + " judgments)");
    config.put("retriever", "colbert (" + (mode == ColbertRetriever.Mode.PLAID ? "PLAID, " + retrieverOptions.plaid()
        : "exhaustive MaxSim" + (mode == ColbertRetriever.Mode.EXHAUSTIVE_FLOATS ? " over the floats" : "")) + ")");
    encoderOptions.describe(config, model);
    config.put("index", settings);
    config.put("cache", indexCache.root());
    config.put("k", k);
    config.put("threads", threads);
    config.put("metrics", metricList);
    config.put("run", runFile == null ? "not written" : runFile.toAbsolutePath().normalize());
    console.configuration("evaluate", config);
    OnnxColbertEncoder encoder = encoderOptions.openColbert(model);
    Retriever searcher;
    try {
      IndexCache.Entry entry = indexCache.colbert(data.corpusFile(), encoder, settings, threads, reindex,
          ProgressBars.factory(spec.commandLine().getErr()));
      if (entry.built()) {
        console.throughput("encoded and indexed", entry.manifest().documents(), "passages", entry.nanos());
        IndexCommand.reportTruncation(console, encoder.truncatedPassages(), entry.manifest().documents(),
            encoder.passageLength());
      } else {
        console.info("colbert: using the cached index " + entry.path() + " (--reindex builds it again)");
      }
      searcher = ColbertRetriever.open(entry.path(), encoder, mode, retrieverOptions.plaid());
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
    Run run;
    try (searcher) {
      RunSteps.checkQrels(qrels, data.qrelsFile(split).toString(), all, searcher);
      run = RunSteps.search(searcher, judged, k, threads, console, spec.commandLine().getErr(), "searched");
      if (encoder.truncatedQueries() > 0) {
        console.info(String.format(Locale.ROOT, "truncated %,d of %,d queries to %d tokens",
            encoder.truncatedQueries(), judged.size(), encoder.queryLength()));
      }
    }
    if (runFile != null) {
      RunSteps.write(run, runFile, tag, console);
    }
    RunSteps.evaluate(run, qrels, metricList, perQuery, spec.commandLine().getOut());
    return 0;
  }

  /** The interpolation's weights, BM25's then the dense run's: --weights, or the old --weight W as 1 - W, W. */
  private List<Double> fusionWeights() {
    if (weights != null && weight != null) {
      throw new UsageException("give --weights or the old --weight, not both");
    }
    List<Double> w = weights != null ? weights : weight != null ? List.of(1 - weight, weight) : List.of(0.5, 0.5);
    if (w.size() != 2 || w.stream().anyMatch(x -> !(x >= 0) || Double.isInfinite(x))) {
      throw new UsageException("--weights takes two weights not below 0, BM25's and the dense run's, like 0.3,0.7;"
          + " got " + w);
    }
    return w;
  }

  private Path bm25Index(BeirDataset data, IndexCache indexCache, Console console) {
    IndexCache.Entry entry = indexCache.bm25(data.corpusFile(), reindex,
        ProgressBars.factory(spec.commandLine().getErr()));
    if (entry.built()) {
      console.throughput("indexed", entry.manifest().documents(), "documents", entry.nanos());
    } else {
      console.info("bm25: using the cached index " + entry.path() + " (--reindex rebuilds it)");
    }
    return entry.path();
  }

  /**
   * The corpus encoded by the model (cached per corpus content, model and recipe) and, for any structure other than
   * a flat float index, the structure built from those vectors (cached too).
   */
  private Path denseIndex(BeirDataset data, IndexCache indexCache, OnnxEncoder encoder, DenseIndexSettings settings,
      Console console) {
    ProgressFactory progress = ProgressBars.factory(spec.commandLine().getErr());
    IndexCache.Entry encoded = indexCache.encoded(data.corpusFile(), encoder, threads, reindex, progress);
    if (encoded.built()) {
      console.throughput("encoded and indexed", encoded.manifest().documents(), "passages", encoded.nanos());
      IndexCommand.reportTruncation(console, encoder.truncatedCount(), encoded.manifest().documents(),
          encoder.recipe().maxLength());
    } else {
      console.info("dense: using the cached encoded corpus " + encoded.path() + " (--reindex encodes again)");
    }
    if (settings.equals(DenseIndexSettings.FLAT)) {
      return encoded.path();
    }
    IndexCache.Entry index = indexCache.structure(encoded, data.corpusFile(), encoder, settings, threads, reindex,
        progress);
    if (index.built()) {
      console.throughput("indexed (" + settings.label() + ")", index.manifest().documents(), "vectors",
          index.nanos());
    } else {
      console.info("dense: using the cached " + settings.label() + " index " + index.path());
    }
    return index.path();
  }
}
