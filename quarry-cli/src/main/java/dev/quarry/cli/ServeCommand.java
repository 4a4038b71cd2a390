/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.server.Catalog;
import dev.quarry.server.QuarryServer;
import dev.quarry.server.ServedCollection;
import dev.quarry.server.ServerSettings;
import dev.quarry.solr.SolrCloudAddress;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code quarry serve}: opens the indexes, starts the HTTP server, prints its URL on standard output, and serves
 * until SIGTERM, SIGINT or SIGHUP; then it stops taking requests, lets those under way finish, and exits with the
 * signal's status (143 for SIGTERM) through {@code NativeCalls.exit}, like every command.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serves indexes over HTTP: search (BM25, dense, hybrid, ColBERT), rerank, OpenAI-compatible embeddings, "
        + "Prometheus metrics, and a page at / that compares two retrievers query by query (docs/SERVER.md). "
        + "Several --index under one NAME (a BM25, a dense and a ColBERT index of one corpus) form one index; BM25 "
        + "and dense together add a hybrid retriever.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", paramLabel = "NAME=DIR",
      description = "An index to serve under NAME; give it again for each index (the same NAME for a BM25 and a "
          + "dense index of one corpus).")
  List<String> indexes = new ArrayList<>();

  @Option(names = "--retriever", paramLabel = "solr",
      description = "solr: also serve a SolrCloud collection 'quarry publish' made (--solr, --collection) under its "
          + "name, with bm25, and dense and hybrid when it holds vectors (docs/SCALE.md).")
  SearchCommand.RetrieverKind retriever;

  @Option(names = "--solr", paramLabel = "ZKHOST|URL",
      description = "--retriever solr: the SolrCloud, as ZooKeeper's host:port[/chroot] or a node's URL.")
  String solr;

  @Option(names = "--collection", paramLabel = "NAME", description = "--retriever solr: the collection to serve.")
  String collection;

  @Option(names = "--dataset", paramLabel = "DIR|NAME",
      description = "A BEIR dataset: titles and texts of hits, judged queries and their qrels for the page (without"
          + " it, texts come from the corpus each index was built from, and nothing is judged).")
  String dataset;

  @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
      description = "The dataset's qrels split (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--reranker", paramLabel = "DIR|NAME",
      description = "A reranker for /api/rerank: a cross-encoder or pairwise folder, or a dense model; repeatable. "
          + "bm25 is always there for an index with a BM25 index.")
  List<String> rerankers = new ArrayList<>();

  @Option(names = "--model", paramLabel = "NAME|DIR",
      description = "Another model for /v1/embeddings (dense indexes' models are served anyway); repeatable.")
  List<String> models = new ArrayList<>();

  @Option(names = "--host", defaultValue = ServerSettings.DEFAULT_HOST, paramLabel = "HOST",
      description = "The interface to listen on (default: ${DEFAULT-VALUE}; the API has no authentication).")
  String host;

  @Option(names = "--port", defaultValue = "" + ServerSettings.DEFAULT_PORT, paramLabel = "PORT",
      description = "The port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest JSON request body (default: 1 MiB).")
  int maxBodyBytes = ServerSettings.defaults().maxBodyBytes();

  @Option(names = "--max-run-bytes", paramLabel = "N", description = "Largest uploaded run file (default: 64 MiB).")
  int maxRunBytes = ServerSettings.defaults().maxRunBytes();

  @Option(names = "--max-query-chars", paramLabel = "N", description = "Longest query (default: 1000 characters).")
  int maxQueryChars = ServerSettings.defaults().maxQueryChars();

  @Option(names = "--max-k", paramLabel = "N", description = "Most hits a search may ask for (default: 1000).")
  int maxK = ServerSettings.defaults().maxK();

  @Option(names = "--max-batch", paramLabel = "N",
      description = "Most queries in a batch search, texts to embed, candidates to rerank (default: 256).")
  int maxBatch = ServerSettings.defaults().maxBatch();

  @Option(names = "--max-runs", paramLabel = "N", description = "Most runs kept for evaluation (default: 32).")
  int maxRuns = ServerSettings.defaults().maxRuns();

  @Option(names = "--stop-seconds", paramLabel = "S",
      description = "How long a stop waits for the requests under way (default: 30).")
  int stopSeconds = ServerSettings.defaults().stopSeconds();

  @Option(names = "--onnx-threads", paramLabel = "N",
      description = "Batches each encoder runs at once (default: the number of cores).")
  int onnxThreads = Runtime.getRuntime().availableProcessors();

  @Mixin RetrieverOptions retrieverOptions;

  @Override
  public Integer call() throws InterruptedException {
    Console console = new Console(spec.commandLine().getErr());
    ServerSettings settings = new ServerSettings(host, port, maxBodyBytes, maxRunBytes, maxQueryChars, maxK, maxBatch,
        maxRuns, stopSeconds);
    List<Map.Entry<String, Path>> named = new ArrayList<>();
    for (String index : indexes) {
      int eq = index.indexOf('=');
      if (eq <= 0 || eq == index.length() - 1) {
        throw new IllegalArgumentException("--index takes NAME=DIR; got '" + index + "'");
      }
      named.add(new AbstractMap.SimpleEntry<>(index.substring(0, eq), Path.of(index.substring(eq + 1))));
    }
    List<Catalog.SolrSource> solrSources = new ArrayList<>();
    if (retriever == null && (solr != null || collection != null)) {
      throw new UsageException("--solr and --collection go with --retriever solr");
    }
    if (retriever != null) {
      if (solr == null || collection == null) {
        throw new UsageException("--retriever solr needs --solr ZKHOST|URL and --collection NAME");
      }
      solrSources.add(new Catalog.SolrSource(CommandChecks.option("--solr", () -> SolrCloudAddress.parse(solr)),
          collection));
    }
    if (named.isEmpty() && solrSources.isEmpty()) {
      throw new UsageException("give an index to serve with --index NAME=DIR, or --retriever solr");
    }
    BeirDataset data = dataset == null ? null : DatasetLocator.locate(dataset);
    Map<String, Object> config = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : named) {
      IndexManifest manifest = IndexManifest.read(e.getValue());
      Map<String, Object> described = new LinkedHashMap<>();
      retrieverOptions.describe(described, manifest);
      config.put("index " + e.getKey(), e.getValue().toAbsolutePath().normalize() + ": " + manifest.documents()
          + " documents, " + described.get("retriever") + ("dense".equals(manifest.kind()) ? ", model "
          + manifest.setting("model") : ""));
    }
    for (Catalog.SolrSource source : solrSources) {
      config.put("index " + source.collection(), "SolrCloud collection at " + source.address());
    }
    config.put("dataset", data == null ? "none (texts from each index's corpus; nothing judged)"
        : data.folder().toAbsolutePath().normalize() + ", split " + split);
    config.put("rerankers", rerankers.isEmpty() ? "bm25" : String.join(", ", rerankers) + ", bm25");
    config.put("extra models", models.isEmpty() ? "none" : String.join(", ", models));
    config.put("listen", host + ":" + port);
    config.put("limits", "body " + maxBodyBytes + " B, run " + maxRunBytes + " B, query " + maxQueryChars
        + " chars, k <= " + maxK + ", batch <= " + maxBatch + ", runs <= " + maxRuns + ", stop wait " + stopSeconds
        + " s");
    console.configuration("serve", config);

    long start = System.nanoTime();
    Catalog.Spec catalogSpec = new Catalog.Spec(named, solrSources, data, split, rerankers, models,
        retrieverOptions.bm25(),
        retrieverOptions.dense(), onnxThreads);
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger status = new AtomicInteger();
    for (String name : List.of("TERM", "INT", "HUP")) {
      Signal.handle(new Signal(name), signal -> {
        status.compareAndSet(0, 128 + signal.getNumber());
        stop.countDown();
      });
    }
    try (Catalog catalog = Catalog.open(catalogSpec)) {
      for (ServedCollection c : catalog.collections().values()) {
        console.info("opened " + c.name() + ": " + String.join(", ", c.retrievers()) + " over " + c.documentCount()
            + " documents, texts: " + c.documents());
      }
      QuarryServer server = QuarryServer.start(catalog, settings);
      console.throughput("opened", named.size() + solrSources.size(), "indexes", System.nanoTime() - start);
      spec.commandLine().getOut().println("quarry serve: listening on " + server.url());
      spec.commandLine().getOut().flush();
      long serving = System.nanoTime();
      stop.await();
      console.info("quarry serve: stopping (" + server.inFlight() + " requests under way)");
      boolean drained = server.stop();
      console.throughput(drained ? "served" : "served (some requests cut short)", server.requests(), "requests",
          System.nanoTime() - serving);
    }
    return status.get();
  }
}
