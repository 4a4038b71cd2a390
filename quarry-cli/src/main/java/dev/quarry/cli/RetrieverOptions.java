package dev.quarry.cli;

import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.search.Retrievers;
import java.nio.file.Path;
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
      description = "Quantized flat indexes: candidates per hit re-scored with float vectors (default: "
          + DenseSearchSettings.INT8_OVERSAMPLE + " for int8, " + DenseSearchSettings.BINARY_OVERSAMPLE + " for binary).")
  int oversample;

  Bm25Settings bm25() {
    return new Bm25Settings(k1, b);
  }

  DenseSearchSettings dense() {
    return new DenseSearchSettings(efSearch, oversample);
  }

  /** Opens an index for searching, by the kind its manifest records; a dense index gets its own model. */
  Retriever open(Path index, EncoderOptions encoderOptions) {
    return Retrievers.open(index, bm25(), dense(), model -> encoderOptions.open(encoderOptions.source(model)));
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
