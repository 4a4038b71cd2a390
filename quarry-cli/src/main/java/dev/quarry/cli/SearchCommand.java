/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.eval.QueryOverlap;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Fusion;
import dev.quarry.core.search.Retriever;
import dev.quarry.llm.LlmEndpoint;
import dev.quarry.llm.QueryAugmentation;
import dev.quarry.search.IndexCache;
import dev.quarry.solr.SolrRetriever;
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

/** {@code quarry search}: runs a query set against an index and writes a TREC run. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Searches an index with a set of queries and writes a TREC run (qid Q0 docid rank score tag). " +
        "A dense index encodes the queries with the model that encoded it. With --qrels, only the judged queries " +
        "are searched and the run is evaluated. --augment asks a language model to expand each query first: lamer " +
        "for a BM25 index, hyde for a dense one (docs/LLM.md). --retriever solr searches a SolrCloud collection " +
        "'quarry publish' made instead of an index (docs/SCALE.md).")
final class SearchCommand implements Callable<Integer> {
  enum RetrieverKind { solr }

  @Spec CommandSpec spec;

  @Option(names = "--index", paramLabel = "DIR", description = "An index built by 'quarry index'.")
  Path index;

  @Option(names = "--retriever", paramLabel = "solr",
      description = "Instead of --index: solr, a SolrCloud collection 'quarry publish' made (--solr, --collection).")
  RetrieverKind retriever;

  @Option(names = "--queries", paramLabel = "FILE|DIR",
      description = "A queries.jsonl file, a TSV file of id<TAB>text, or a BEIR folder (its queries.jsonl).")
  Path queries;

  @Option(names = "--qrels", paramLabel = "FILE",
      description = "Judgments (BEIR TSV or TREC qrels): search only the judged queries and print the metrics.")
  Path qrels;

  @Option(names = "--dataset", paramLabel = "DIR|NAME",
      description = "Instead of --queries and --qrels: a BEIR dataset (a folder, or a name in $QUARRY_DATA), its "
          + "queries judged in --split.")
  String dataset;

  @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
      description = "With --dataset: the judgments, qrels/<split>.tsv (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = {"--out", "--run"}, required = true, paramLabel = "FILE",
      description = "Where to write the TREC run (--run is the old name).")
  Path runFile;

  @Option(names = "--overwrite", description = "Replace the run file if it exists (refused otherwise).")
  boolean overwrite;

  @Option(names = "--k", defaultValue = "1000", paramLabel = "K",
      description = "Documents per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--threads", paramLabel = "N", description = "Search threads (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--tag", defaultValue = "quarry", paramLabel = "TAG",
      description = "The run tag, the last column of the run (default: ${DEFAULT-VALUE}).")
  String tag;

  @Option(names = "--metrics", defaultValue = "ndcg@10,recall@100,recall@1000,mrr@10,map", paramLabel = "LIST",
      description = "Metrics printed when --qrels is given (default: ${DEFAULT-VALUE}).")
  String metrics;

  @Mixin RetrieverOptions retrieverOptions;
  @Mixin EncoderOptions encoderOptions;
  @Mixin AugmentOptions augmentOptions;
  @Mixin LlmOptions llmOptions;
  @Mixin SolrOptions solrOptions;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    List<Metric> metricList = CommandChecks.option("--metrics", () -> Metric.parseList(metrics));
    CommandChecks.positive("--k", k);
    CommandChecks.positive("--threads", threads);
    CommandChecks.writable("--out", runFile, overwrite);
    if ((dataset == null) == (queries == null) || dataset != null && qrels != null) {
      throw new UsageException("give the queries with --queries (and --qrels), or a dataset with --dataset");
    }
    if (dataset != null) {
      BeirDataset data = CommandChecks.option("--dataset", () -> DatasetLocator.locate(dataset));
      queries = data.folder().resolve("queries.jsonl");
      qrels = CommandChecks.option("--split", () -> data.qrelsFile(split));
    }
    if ((index == null) == (retriever == null)) {
      throw new UsageException("give an index with --index, or --retriever solr with --solr and --collection");
    }
    if (retriever == null && solrOptions.given()) {
      throw new UsageException("--solr, --collection and --solr-query go with --retriever solr");
    }
    Queries all = Queries.read(queries);
    Qrels judged = qrels == null ? null : Qrels.read(qrels);
    QueryOverlap overlap = QueryOverlap.of(all.ids(), judged == null ? all.ids() : judged.queryIds())
        .requireCommon(queries.toString(), judged == null ? queries.toString() : qrels.toString());
    if (judged != null) {
      overlap.warning(queries.toString(), qrels.toString()).ifPresent(w -> console.info("warning: " + w));
    }
    Queries selected = judged == null ? all : all.filter(judged::contains);
    Map<String, Object> config = new LinkedHashMap<>();
    if (retriever == RetrieverKind.solr) {
      if (augmentOptions.given()) {
        throw new UsageException("--augment searches an --index, not --retriever solr");
      }
      try (SolrRetriever solr = solrOptions.open(encoderOptions, retrieverOptions.efSearch, Fusion.DEFAULT_RRF_K)) {
        solrOptions.describe(config, solr);
        describe(config, all, selected, judged);
        console.configuration("search", config);
        search(solr, null, judged, all, selected, metricList, console);
      }
      return 0;
    }
    IndexManifest manifest = CommandChecks.option("--index", () -> IndexManifest.read(index));
    config.put("index", index.toAbsolutePath().normalize() + " (" + manifest.kind() + ", " + manifest.documents()
        + " documents)");
    retrieverOptions.describe(config, manifest);
    if (manifest.setting("model") != null) {
      encoderOptions.describe(config, encoderOptions.source(manifest.setting("model")));
    }
    describe(config, all, selected, judged);
    LlmEndpoint llm = llmOptions.endpoint(IndexCache.at(null));
    if (augmentOptions.given() && llm != null) {
      llmOptions.describe(config, llm);
    }
    try (QueryAugmentation augmentation = augmentOptions.open(llm, selected)) {
      if (augmentation != null) {
        config.put("augment", augmentation.describe());
      }
      console.configuration("search", config);
      try (Retriever opened = retrieverOptions.open(index, encoderOptions, augmentation)) {
        search(opened, augmentation, judged, all, selected, metricList, console);
      }
    }
    return 0;
  }

  private void describe(Map<String, Object> config, Queries all, Queries selected, Qrels judged) {
    config.put("queries", queries.toAbsolutePath().normalize() + " (" + selected.size()
        + (judged == null ? "" : " judged of " + all.size()) + ")");
    config.put("qrels", judged == null ? "none" : qrels.toAbsolutePath().normalize());
    config.put("run", runFile.toAbsolutePath().normalize());
    config.put("k", k);
    config.put("threads", threads);
    config.put("tag", tag);
  }

  /** Searches (through the augmentation, if any), writes the run, and evaluates it when judged. */
  private void search(Retriever searcher, QueryAugmentation augmentation, Qrels judged, Queries all,
      Queries selected, List<Metric> metricList, Console console) {
    if (judged != null) {
      RunSteps.checkQrels(judged, qrels.toString(), all, searcher);
    }
    Run run = RunSteps.search(searcher, selected, k, threads, console, spec.commandLine().getErr());
    if (augmentation != null) {
      console.info(augmentation.summary(llmOptions.pricing()));
    }
    RunSteps.write(run, runFile, tag, console);
    if (judged != null) {
      RunSteps.evaluate(run, judged, metricList, false, spec.commandLine().getOut());
    }
  }
}
