package dev.quarry.cli;

import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.llm.QueryAugmentation;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
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

  Bm25Settings bm25() {
    return new Bm25Settings(k1, b);
  }

  DenseSearchSettings dense() {
    return new DenseSearchSettings(efSearch, oversample);
  }

  /**
   * Opens an index for searching, by the kind its manifest records; a dense index gets its own model. With an
   * augmentation, LameR expands a BM25 index's queries (its candidates' texts read from the corpus the index was
   * built from) and HyDE makes a dense index's query vectors; each refuses the other kind of index.
   */
  Retriever open(Path index, EncoderOptions encoderOptions, QueryAugmentation augmentation) {
    if (augmentation == null) {
      return Retrievers.open(index, bm25(), dense(), model -> encoderOptions.open(encoderOptions.source(model)));
    }
    IndexManifest manifest = IndexManifest.read(index);
    QueryAugmentation.Method method = augmentation.method();
    QueryAugmentation.Method fits = Bm25IndexBuilder.KIND.equals(manifest.kind()) ? QueryAugmentation.Method.LAMER
        : QueryAugmentation.Method.HYDE;
    if (method != fits) {
      throw new IllegalArgumentException("--augment " + method.label() + " cannot search " + index + ", a "
          + manifest.kind() + " index; " + fits.label() + " can");
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
      default -> throw new IllegalArgumentException(index + " is a '" + manifest.kind()
          + "' index, which this version cannot search");
    };
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
      config.put("retriever", "bm25 (" + bm25() + ")");
    } else if (DenseIndexBuilder.KIND.equals(kind)) {
      String structure = manifest.setting("structure") + ", " + manifest.setting("quantization");
      config.put("retriever", "dense (" + structure + ("hnsw".equals(manifest.setting("structure"))
          ? ", efSearch=" + efSearch : "") + (!"none".equals(manifest.setting("quantization"))
          ? ", oversample=" + (oversample > 0 ? oversample : "default") : "") + ")");
    } else {
      config.put("retriever", kind);
    }
  }
}
