/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.eval.Evaluation;
import dev.quarry.search.IndexCache;
import dev.quarry.train.Reproduction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry reproduce}: runs configurations and checks the figures they record. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs each configuration (train, distill, evaluate or pretrain, as its reproduce: block says), "
        + "evaluates the result with Quarry's evaluator on the test split (a pre-trained encoder zero-shot, on the "
        + "dataset its block names), and prints expected against got for every figure it records. Exits 1 when any "
        + "figure is outside its tolerance.")
final class ReproduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "Configuration files, such as configs/*.yaml.")
  List<Path> configs;

  @Option(names = "--runs", defaultValue = "runs", paramLabel = "DIR",
      description = "Where training runs go, one folder per configuration named after it (default: ${DEFAULT-VALUE}).")
  Path runs;
  @Option(names = "--resume", description = "Continue runs already in --runs rather than refuse them.")
  boolean resume;
  @Option(names = "--overwrite", description = "Replace runs already in --runs.")
  boolean overwrite;
  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where indexes, encoded corpora and teacher scores are kept (default: $QUARRY_CACHE, else "
          + "~/.cache/quarry).")
  Path cache;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    List<Reproduction> reproductions = new ArrayList<>();
    for (Path config : configs) {
      reproductions.add(CommandChecks.usage(() -> Reproduction.read(config)));
    }
    IndexCache indexCache = IndexCache.at(cache);
    Map<String, Object> shown = new LinkedHashMap<>();
    reproductions.forEach(r -> shown.put(r.file().toString(), r.command().name().toLowerCase(Locale.ROOT) + ", "
        + r.expected().size() + " figure" + (r.expected().size() == 1 ? "" : "s") + ", took " + r.took() + " on "
        + r.hardware()));
    shown.put("runs", runs.toAbsolutePath().normalize());
    shown.put("cache", indexCache.root());
    console.configuration("reproduce", shown);
    PrintWriter out = spec.commandLine().getOut();
    int failed = 0;
    int figures = 0;
    for (Reproduction r : reproductions) {
      long start = System.nanoTime();
      String name = r.file().getFileName().toString().replaceFirst("\\.ya?ml$", "");
      Evaluation got = r.run(runs.resolve(name), resume, overwrite, indexCache,
          ProgressBars.factory(spec.commandLine().getErr()));
      console.throughput("reproduced " + name + ":", 1, "configuration", System.nanoTime() - start);
      for (Reproduction.Check check : r.check(got)) {
        figures++;
        failed += check.passed() ? 0 : 1;
        out.printf(Locale.ROOT, "%-40s %-12s expected %.4f ± %.4f  got %.4f  %s%n", name, check.expected().metric(),
            check.expected().value(), check.expected().tolerance(), check.got(), check.passed() ? "ok" : "OUTSIDE");
      }
      out.flush();
    }
    if (failed > 0) {
      throw new IllegalStateException(failed + " of " + figures + " figures are outside their tolerance");
    }
    console.info("all " + figures + " figures reproduced within their tolerance");
    return 0;
  }
}
