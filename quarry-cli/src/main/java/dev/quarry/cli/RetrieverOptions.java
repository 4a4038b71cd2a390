package dev.quarry.cli;

import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Search-time settings shared by {@code search} and {@code evaluate}, and the opening of an index by its kind. */
final class RetrieverOptions {
  @Option(names = "--k1", defaultValue = "0.9", paramLabel = "K1",
      description = "BM25 term-frequency saturation (default: ${DEFAULT-VALUE}, Anserini's).")
  float k1;

  @Option(names = "--b", defaultValue = "0.4", paramLabel = "B",
      description = "BM25 length normalisation, 0 to 1 (default: ${DEFAULT-VALUE}, Anserini's).")
  float b;

  Bm25Settings bm25() {
    return new Bm25Settings(k1, b);
  }

  /** Opens the index for searching, according to the kind its manifest records. */
  Retriever open(Path index) {
    IndexManifest manifest = IndexManifest.read(index);
    if (Bm25IndexBuilder.KIND.equals(manifest.kind())) {
      return new Bm25Searcher(index, bm25());
    }
    throw new IllegalArgumentException(index + " is a '" + manifest.kind() + "' index, which this version cannot search");
  }

  void describe(Map<String, Object> config, IndexManifest manifest) {
    config.put("retriever", manifest.kind() + (Bm25IndexBuilder.KIND.equals(manifest.kind()) ? " (" + bm25() + ")" : ""));
  }
}
