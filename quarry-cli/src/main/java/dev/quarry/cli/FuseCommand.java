/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.Run;
import dev.quarry.core.search.Fusion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry fuse}: hybrid retrieval over TREC runs. */
@Command(name = "fuse", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Fuses two or more TREC runs into one: reciprocal rank fusion (Cormack et al., SIGIR 2009) or " +
        "per-query min-max normalised score interpolation.")
final class FuseCommand implements Callable<Integer> {
  enum Method { rrf, interpolate }

  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "FILE", description = "A run to fuse; give two or more.")
  List<Path> runs;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the fused run.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the --out file if it exists (refused otherwise).")
  boolean overwrite;

  @Option(names = "--method", defaultValue = "rrf", paramLabel = "rrf|interpolate",
      description = "The fusion (default: ${DEFAULT-VALUE}).")
  Method method;

  @Option(names = "--rrf-k", defaultValue = "" + Fusion.DEFAULT_RRF_K, paramLabel = "K",
      description = "The k of reciprocal rank fusion (default: ${DEFAULT-VALUE}).")
  int rrfK;

  @Option(names = "--weights", split = ",", paramLabel = "W,W,...", hideParamSyntax = true,
      description = "Interpolation: one weight per run, in order (default: equal weights).")
  List<Double> weights;

  @Option(names = "--k", defaultValue = "1000", paramLabel = "K",
      description = "Documents kept per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--tag", defaultValue = "fused", paramLabel = "TAG", description = "The run tag (default: ${DEFAULT-VALUE}).")
  String tag;

  @Override
  public Integer call() {
    CommandChecks.positive("--k", k);
    if (runs.size() < 2) {
      throw new UsageException("fuse needs at least two --run files; got " + runs.size());
    }
    if (weights != null && weights.size() != runs.size()) {
      throw new UsageException("--weights needs one weight per --run: " + runs.size() + " runs, " + weights.size()
          + " weights");
    }
    CommandChecks.writable("--out", out, overwrite);
    List<Double> w = weights != null ? weights : java.util.Collections.nCopies(runs.size(), 1.0 / runs.size());
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("runs", runs);
    config.put("method", method == Method.rrf ? "reciprocal rank fusion, k=" + rrfK : "min-max interpolation, weights " + w);
    config.put("k", k);
    config.put("out", out.toAbsolutePath().normalize());
    Console console = new Console(spec.commandLine().getErr());
    console.configuration("fuse", config);
    List<Run> loaded = new ArrayList<>();
    for (Path run : runs) {
      loaded.add(Run.read(run));
    }
    long start = System.nanoTime();
    Run fused = method == Method.rrf ? Fusion.reciprocalRank(loaded, rrfK, k) : Fusion.interpolate(loaded, w, k);
    console.throughput("fused", fused.size(), "queries", System.nanoTime() - start);
    RunSteps.write(fused, out, tag, console);
    return 0;
  }
}
