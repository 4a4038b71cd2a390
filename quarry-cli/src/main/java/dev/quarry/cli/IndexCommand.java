/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.Phase;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.spark.ParquetVectors;
import dev.quarry.spark.SparkSessions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry index}: builds an index of a corpus. */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Builds an index of a corpus: bm25 (Lucene), dense (passages encoded by a model; flat or HNSW, " +
        "optionally quantized), or colbert (a ColBERT model's token vectors, compressed to a centroid and a 1- or " +
        "2-bit residual each, searched by PLAID). The index is built beside its target and moved into place only " +
        "when complete.")
final class IndexCommand implements Callable<Integer> {
  enum Kind { bm25, dense, colbert }

  @Spec CommandSpec spec;

  @Option(names = "--corpus", paramLabel = "DIR|FILE|NAME",
      description = "A BEIR folder (its corpus.jsonl), a corpus.jsonl file, a TSV file of id<TAB>text, or a dataset's "
          + "name in $QUARRY_DATA (as evaluate --dataset takes it). Required unless --from-vectors.")
  String corpusName;

  @Option(names = "--from-vectors", paramLabel = "DIR",
      description = "dense: build from the Parquet vectors 'quarry spark encode' wrote instead of encoding a corpus; "
          + "the index's model is the one they were encoded with.")
  Path fromVectors;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Where to build the index.")
  Path index;

  @Option(names = "--kind", defaultValue = "bm25", paramLabel = "KIND",
      description = "The index kind: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Kind kind;

  @Option(names = "--overwrite",
      description = "Replace an existing index (refused otherwise; only a folder Quarry built is replaced).")
  boolean overwrite;

  @Option(names = "--threads", paramLabel = "N", description = "HNSW build threads (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--nbits", defaultValue = "2", paramLabel = "1|2",
      description = "colbert: bits per residual dimension, 36 bytes a token vector at 2, 20 at 1 (default: "
          + "${DEFAULT-VALUE}).")
  int nbits;

  @Option(names = "--keep-floats",
      description = "colbert: also keep every token vector uncompressed (512 bytes each), for search --exhaustive"
          + " --floats, the exact reference.")
  boolean keepFloats;

  @Mixin EncoderOptions encoderOptions;
  @Mixin DenseIndexOptions denseOptions;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    if (fromVectors != null) {
      return fromVectors(console);
    }
    if (corpusName == null) {
      throw new UsageException("give --corpus (or, for a dense index, --from-vectors)");
    }
    Path corpus = CommandChecks.option("--corpus", () -> DatasetLocator.corpus(corpusName));
    CommandChecks.option("--index", () -> {
      AtomicDirectory.checkTarget(index, overwrite, IndexManifest.FILE_NAME);
      return index;
    });
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("corpus", corpus.toAbsolutePath().normalize());
    config.put("index", index.toAbsolutePath().normalize());
    config.put("kind", kind);
    if (kind == Kind.bm25) {
      config.put("analyzer", Analyzers.ENGLISH + " (Lucene EnglishAnalyzer: Porter stemming, English stop words)");
      ModelSource tokens = encoderOptions.model == null ? null : CommandChecks.option("--model", () -> {
        ModelSource m = encoderOptions.source(null);
        m.requireKind(ModelKind.COLBERT, "a bm25 index keeps a ColBERT model's token vectors; index a dense model"
            + " with --kind dense");
        return m;
      });
      if (tokens != null) {
        encoderOptions.describe(config, tokens);
      }
      config.put("overwrite", overwrite);
      console.configuration("index", config);
      long start = System.nanoTime();
      IndexManifest manifest;
      try (OnnxColbertEncoder encoder = tokens == null ? null : encoderOptions.openColbert(tokens);
          ProgressBars progress = new ProgressBars(Phase.INDEXING, CorpusReader.countDocuments(corpus),
              spec.commandLine().getErr())) {
        Bm25IndexBuilder builder = encoder == null ? new Bm25IndexBuilder()
            : new Bm25IndexBuilder().withTokenVectors(encoder);
        manifest = builder.build(corpus, index, overwrite, progress);
      }
      console.throughput("indexed", manifest.documents(), "documents", System.nanoTime() - start);
      return 0;
    }
    if (kind == Kind.colbert) {
      return colbert(console, corpus, config);
    }
    DenseIndexSettings settings = denseOptions.settings();
    ModelSource source = CommandChecks.option("--model", () -> {
      ModelSource m = encoderOptions.source(ModelRegistry.DEFAULT_MODEL);
      m.requireKind(ModelKind.DENSE, "index it with --kind " + m.kind());
      return m;
    });
    encoderOptions.describe(config, source);
    config.put("structure", settings);
    config.put("threads", threads);
    config.put("overwrite", overwrite);
    console.configuration("index", config);
    try (OnnxEncoder encoder = encoderOptions.open(source)) {
      buildDense(console, spec, encoder, settings, threads, corpus, index, overwrite);
    }
    return 0;
  }

  /** A dense index of vectors encoded by {@code quarry spark encode}, read in a local Spark session. */
  private Integer fromVectors(Console console) {
    if (kind != Kind.dense || corpusName != null || encoderOptions.model != null) {
      throw new UsageException("--from-vectors builds a dense index (--kind dense) from vectors already encoded: it "
          + "takes no --corpus and no --model");
    }
    DenseIndexSettings settings = denseOptions.settings();
    CommandChecks.option("--index", () -> {
      AtomicDirectory.checkTarget(index, overwrite, IndexManifest.FILE_NAME);
      return index;
    });
    long start = System.nanoTime();
    SparkSession spark = SparkSessions.open("local[" + threads + "]");
    try {
      ParquetVectors vectors = CommandChecks.option("--from-vectors", () -> new ParquetVectors(spark, fromVectors));
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("vectors", fromVectors.toAbsolutePath().normalize() + " (" + vectors.documents() + " of "
          + vectors.modelId() + ", " + vectors.dimension() + " dimensions)");
      config.put("index", index.toAbsolutePath().normalize());
      config.put("index settings", settings);
      config.put("threads", threads);
      config.put("overwrite", overwrite);
      console.configuration("index", config);
      IndexManifest manifest;
      try (ProgressBars structuring = new ProgressBars(Phase.INDEXING, vectors.documents(),
          spec.commandLine().getErr())) {
        manifest = new DenseIndexBuilder(settings, threads).buildFromVectors(vectors, index, overwrite, structuring);
      }
      console.throughput("indexed", manifest.documents(), "vectors", System.nanoTime() - start);
    } finally {
      spark.stop();
    }
    return 0;
  }

  private Integer colbert(Console console, Path corpus, Map<String, Object> config) {
    if (encoderOptions.model == null) {
      throw new UsageException("--kind colbert needs --model: a ColBERT model folder (quarry train --kind colbert)");
    }
    ColbertIndexSettings settings = CommandChecks.option("--nbits",
        () -> ColbertIndexSettings.DEFAULTS.withNbits(nbits).withKeepFloats(keepFloats));
    ModelSource source = CommandChecks.option("--model", () -> {
      ModelSource s = encoderOptions.source(null);
      s.requireKind(ModelKind.COLBERT, "index --kind dense takes a dense model");
      return s;
    });
    encoderOptions.describe(config, source);
    config.put("index settings", settings);
    config.put("threads", threads);
    config.put("overwrite", overwrite);
    console.configuration("index", config);
    long start = System.nanoTime();
    try (OnnxColbertEncoder encoder = encoderOptions.openColbert(source)) {
      IndexManifest manifest = new ColbertIndexBuilder(settings, threads).build(corpus, encoder,
          encoder.passageLength(), index, overwrite, ProgressBars.factory(spec.commandLine().getErr()));
      console.throughput("encoded and indexed", manifest.documents(), "passages", System.nanoTime() - start);
      console.info(String.format(java.util.Locale.ROOT, "%s token vectors, %s centroids, %d-bit residuals",
          manifest.setting("tokens"), manifest.setting("centroids"), settings.nbits()));
      reportTruncation(console, encoder.truncatedPassages(), manifest.documents(), encoder.passageLength());
    }
    return 0;
  }

  /** Encodes and indexes with progress bars and throughput lines; shared with {@code evaluate}. */
  static IndexManifest buildDense(Console console, CommandSpec spec, OnnxEncoder encoder, DenseIndexSettings settings,
      int threads, Path corpus, Path index, boolean overwrite) {
    long start = System.nanoTime();
    IndexManifest manifest;
    long documents = CorpusReader.countDocuments(corpus);
    try (ProgressBars encoding = new ProgressBars(Phase.ENCODING, documents, spec.commandLine().getErr());
        ProgressBars structuring = new ProgressBars(Phase.INDEXING, documents, spec.commandLine().getErr())) {
      manifest = new DenseIndexBuilder(settings, threads).build(corpus, encoder, index, overwrite, encoding,
          structuring);
    }
    console.throughput("encoded and indexed", manifest.documents(), "passages", System.nanoTime() - start);
    reportTruncation(console, encoder.truncatedCount(), manifest.documents(), encoder.recipe().maxLength());
    return manifest;
  }

  static void reportTruncation(Console console, long truncated, long total, int maxLength) {
    if (truncated > 0) {
      console.info(String.format(java.util.Locale.ROOT,
          "truncated %,d of %,d passages to %d tokens (raise --max-length to keep more)", truncated, total, maxLength));
    }
  }
}
