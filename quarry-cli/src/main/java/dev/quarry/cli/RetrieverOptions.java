/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.llm.QueryAugmentation;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25MaxSimSearcher;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.search.Retrievers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Search-time settings of every index kind, and the opening of an index by the kind its manifest records. */
final class RetrieverOptions {
  @Option(names = "--k1", defaultValue = "0.9", paramLabel = "K1",
      description = "BM25 term-frequency saturation (default: ${DEFAULT-VALUE}, Anserini's).")
  float k1;

  @Option(names = "--b", defaultValue = "0.4", paramLabel = "B",
      description = "BM25 length normalisation, 0 to 1 (default: ${DEFAULT-VALUE}, Anserini's).")
  float b;

  @Option(names = "--ef-search", defaultValue = "100", paramLabel = "EF",
      description = "HNSW candidates explored per query; at least k are (default: ${DEFAULT-VALUE}).")
  int efSearch;

  @Option(names = "--oversample", defaultValue = "0", paramLabel = "N",
      description = "Flat indexes: candidates per hit re-scored exactly with the float vectors (default: "
          + DenseSearchSettings.FLOAT_OVERSAMPLE + " for floats, " + DenseSearchSettings.INT8_OVERSAMPLE + " for int8, "
          + DenseSearchSettings.BINARY_OVERSAMPLE + " for binary).")
  int oversample;

  @Option(names = "--exhaustive",
      description = "colbert: score every passage by MaxSim over the index's vectors (the reference) instead of PLAID.")
  boolean exhaustive;

  @Option(names = "--floats",
      description = "colbert, with --exhaustive: score with the uncompressed vectors an index built with --keep-floats"
          + " keeps.")
  boolean floats;

  @Option(names = "--ncells", defaultValue = "0", paramLabel = "N",
      description = "colbert: centroids each query token probes (default: ColBERTv2's per k: 1, 2 or 4).")
  int ncells;

  @Option(names = "--centroid-score-threshold", paramLabel = "S",
      description = "colbert: the centroid score a passage token needs in PLAID's pruned stage (default: ColBERTv2's"
          + " per k: 0.5, 0.45 or 0.4).")
  Double centroidScoreThreshold;

  @Option(names = "--ndocs", defaultValue = "0", paramLabel = "N",
      description = "colbert: passages kept after PLAID's pruned stage (default: ColBERTv2's per k: 256, 1024 or"
          + " max(4k, 4096)).")
  int ndocs;

  @Option(names = "--max-sim-depth", defaultValue = "0", paramLabel = "N",
      description = "A bm25 index built with a ColBERT --model: re-score BM25's top N by MaxSim over the token vectors"
          + " it keeps (Lucene's LateInteractionRescorer); 0 for BM25 alone (default: ${DEFAULT-VALUE}).")
  int maxSimDepth;

  PlaidSettings plaid() {
    return new PlaidSettings(ncells, centroidScoreThreshold == null ? Double.NaN : centroidScoreThreshold, ndocs);
  }

  ColbertRetriever.Mode colbertMode() {
    if (floats && !exhaustive) {
      throw new UsageException("--floats goes with --exhaustive");
    }
    return !exhaustive ? ColbertRetriever.Mode.PLAID : floats ? ColbertRetriever.Mode.EXHAUSTIVE_FLOATS
        : ColbertRetriever.Mode.EXHAUSTIVE;
  }

  Bm25Settings bm25() {
    return new Bm25Settings(k1, b);
  }

  DenseSearchSettings dense() {
    return new DenseSearchSettings(efSearch, oversample);
  }

  /**
   * Opens an index for searching, by the kind its manifest records; a dense index gets its own model. With an
   * augmentation, LameR expands a BM25 index's queries (its candidates' texts read from the corpus the index was
   * built from) and HyDE makes a dense index's query vectors; each refuses any other kind of index (a ColBERT
   * index takes neither).
   */
  Retriever open(Path index, EncoderOptions encoderOptions, QueryAugmentation augmentation) {
    IndexManifest manifest = IndexManifest.read(index);
    if (maxSimDepth != 0) {
      return bm25MaxSim(index, manifest, encoderOptions, augmentation);
    }
    boolean colbert = ColbertIndexBuilder.KIND.equals(manifest.kind());
    if (augmentation == null && !colbert) {
      return Retrievers.open(index, bm25(), dense(), model -> encoderOptions.open(encoderOptions.source(model)));
    }
    QueryAugmentation.Method method = augmentation == null ? null : augmentation.method();
    QueryAugmentation.Method fits = switch (manifest.kind()) {
      case Bm25IndexBuilder.KIND -> QueryAugmentation.Method.LAMER;
      case DenseIndexBuilder.KIND -> QueryAugmentation.Method.HYDE;
      default -> null;
    };
    if (method != null && method != fits) {
      throw new IllegalArgumentException("--augment " + method.label() + " cannot search " + index + ", a "
          + manifest.kind() + " index; " + (fits == null ? "no augmentation can" : fits.label() + " can"));
    }
    return switch (manifest.kind()) {
      case Bm25IndexBuilder.KIND ->
          augmentation.lamer(new Bm25Searcher(index, bm25()), corpusTexts(index, manifest));
      case DenseIndexBuilder.KIND -> {
        OnnxEncoder encoder = encoderOptions.open(encoderOptions.source(manifest.setting("model")));
        try {
          yield DenseRetriever.open(index, augmentation.hyde(encoder), dense());
        } catch (RuntimeException e) {
          encoder.close();
          throw e;
        }
      }
      case ColbertIndexBuilder.KIND -> {
        ModelSource source = encoderOptions.source(manifest.setting("model"));
        ColbertRetriever.Mode mode = colbertMode();
        OnnxColbertEncoder encoder = encoderOptions.openColbert(source);
        try {
          yield ColbertRetriever.open(index, encoder, mode, plaid());
        } catch (RuntimeException e) {
          encoder.close();
          throw e;
        }
      }
      default -> throw new IllegalArgumentException(index + " is a '" + manifest.kind()
          + "' index, which this version cannot search");
    };
  }

  /** BM25's top {@code --max-sim-depth} re-scored by the ColBERT model whose token vectors the index keeps. */
  private Retriever bm25MaxSim(Path index, IndexManifest manifest, EncoderOptions encoderOptions,
      QueryAugmentation augmentation) {
    CommandChecks.positive("--max-sim-depth", maxSimDepth);
    String model = manifest.setting(Bm25IndexBuilder.TOKEN_MODEL);
    if (!Bm25IndexBuilder.KIND.equals(manifest.kind()) || model == null) {
      throw new UsageException("--max-sim-depth re-scores a bm25 index built with a ColBERT --model; " + index
          + " is a " + manifest.kind() + " index" + (model == null && Bm25IndexBuilder.KIND.equals(manifest.kind())
              ? " without token vectors" : ""));
    }
    if (augmentation != null) {
      throw new UsageException("--max-sim-depth takes no --augment");
    }
    OnnxColbertEncoder encoder = encoderOptions.openColbert(encoderOptions.source(model));
    try {
      return new Bm25MaxSimSearcher(index, bm25(), encoder, maxSimDepth);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** Document id to title and text, from the corpus the index was built from (its manifest names it). */
  private static Map<String, String> corpusTexts(Path index, IndexManifest manifest) {
    String corpus = manifest.setting("corpus");
    if (corpus == null || !Files.exists(Path.of(corpus))) {
      throw new IllegalArgumentException("LameR shows the model BM25's candidates, but the corpus index " + index
          + " was built from (" + corpus + ") is not there");
    }
    Map<String, String> texts = new HashMap<>();
    try (CorpusReader reader = CorpusReader.open(Path.of(corpus))) {
      for (Document d : reader) {
        texts.put(d.id(), d.contents());
      }
    }
    return texts;
  }

  void describe(Map<String, Object> config, IndexManifest manifest) {
    String kind = manifest.kind();
    if (Bm25IndexBuilder.KIND.equals(kind)) {
      config.put("retriever", "bm25 (" + bm25() + ")" + (maxSimDepth > 0 ? " + MaxSim of the top " + maxSimDepth
          + " by " + manifest.setting(Bm25IndexBuilder.TOKEN_MODEL) : ""));
    } else if (DenseIndexBuilder.KIND.equals(kind)) {
      String structure = manifest.setting("structure") + ", " + manifest.setting("quantization");
      config.put("retriever", "dense (" + structure + ("hnsw".equals(manifest.setting("structure"))
          ? ", efSearch=" + efSearch : "") + (!"none".equals(manifest.setting("quantization"))
          ? ", oversample=" + (oversample > 0 ? oversample : "default") : "") + ")");
    } else if (ColbertIndexBuilder.KIND.equals(kind)) {
      config.put("retriever", "colbert (" + manifest.setting("nbits") + "-bit residuals, " + manifest.setting(
          "centroids") + " centroids; " + (exhaustive ? "exhaustive MaxSim" + (floats ? " over the floats" : "")
          : "PLAID, " + plaid()) + ")");
    } else {
      config.put("retriever", kind);
    }
  }
}
