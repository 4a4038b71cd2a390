/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.train.RunFolder;
import dev.quarry.train.config.TrainingConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The run folder of {@code train}, {@code distill} and {@code pretrain} and how each opens it: {@code --out},
 * {@code --config} and {@code --overwrite} (each command says itself what {@code --resume} may change), the
 * configuration prepared from them, the summary's first line, and the PyTorch out-of-memory error said in options.
 */
final class RunFolderOptions {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run's folder.")
  Path out;
  @Option(names = "--config", paramLabel = "FILE", description = "A YAML or JSON file of settings.")
  Path configFile;
  @Option(names = "--overwrite", description = "Start again, replacing the run in --out (and nothing but a run).")
  boolean overwrite;

  /** The run's settings: --config's and the given options over the defaults, or on resume the saved ones. */
  TrainingConfig prepare(Map<String, Object> overrides, TrainingConfig.Use use, boolean resume) {
    return CommandChecks.usage(() -> RunFolder.prepare(configFile, overrides, use, out, resume, overwrite));
  }

  /** The configuration lines a command logs, starting with its folder; add the rest in order. */
  Map<String, Object> shown(boolean resume) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("out", out.toAbsolutePath().normalize() + (resume ? " (resuming)" : ""));
    return shown;
  }

  /** Runs a training loop, turning PyTorch's failed allocation into an error that says which options lower it. */
  static <T> T training(Supplier<T> loop, String lowerMemory) {
    try {
      return loop.get();
    } catch (ai.djl.engine.EngineException e) {
      if (String.valueOf(e.getMessage()).contains("alloc")) {
        throw new IllegalStateException("out of memory in PyTorch: " + lowerMemory, e);
      }
      throw e;
    }
  }
}
