package dev.quarry.cli;

import dev.quarry.core.io.IndexManifest;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25IndexBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry index}: builds an index of a corpus. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Builds an index of a corpus.",
        "The index is built beside its target and moved into place only when complete."})
final class IndexCommand implements Callable<Integer> {
  enum Kind { bm25 }

  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "DIR|FILE",
      description = "A BEIR folder (its corpus.jsonl), a corpus.jsonl file, or a TSV file of id<TAB>text.")
  Path corpus;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Where to build the index.")
  Path index;

  @Option(names = "--kind", defaultValue = "bm25", paramLabel = "KIND",
      description = "The index kind: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Kind kind;

  @Option(names = "--overwrite", description = "Replace an existing index (refused otherwise).")
  boolean overwrite;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("corpus", corpus.toAbsolutePath().normalize());
    config.put("index", index.toAbsolutePath().normalize());
    config.put("kind", kind);
    config.put("analyzer", Analyzers.ENGLISH + " (Lucene EnglishAnalyzer: Porter stemming, English stop words)");
    config.put("overwrite", overwrite);
    console.configuration("index", config);
    long start = System.nanoTime();
    IndexManifest manifest;
    try (ProgressBars progress = new ProgressBars("Indexing", -1, "docs", spec.commandLine().getErr())) {
      manifest = new Bm25IndexBuilder().build(corpus, index, overwrite, progress);
    }
    console.throughput("indexed", manifest.documents(), "documents", System.nanoTime() - start);
    return 0;
  }
}
