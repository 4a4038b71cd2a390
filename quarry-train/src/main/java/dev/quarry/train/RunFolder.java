/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.train.config.Settings;
import dev.quarry.train.config.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A training run's output folder and its effective configuration ({@code config.json}, written first: a folder with
 * one is a run folder). A new run refuses an existing folder; {@code overwrite} replaces a run folder and refuses
 * anything else; {@code resume} continues with the saved configuration, applying only the overrides that cannot
 * change what is trained ({@link #SAFE_ON_RESUME}) and refusing the others by name.
 */
public final class RunFolder {
  /**
   * Settings a resumed run may change: how many rounds, threads, evaluation and checkpoint intervals, and a
   * pre-training run's time limit.
   */
  public static final Set<String> SAFE_ON_RESUME = Set.of("rounds", "threads", "testSplit", "evalEvery",
      "checkpointEvery", "maxMinutes");
  public static final String CONFIG = "config.json";

  private RunFolder() {}

  /**
   * Prepares {@code out} and returns the configuration to run with.
   *
   * @param file the configuration file given, or null (then the defaults and {@code overrides})
   * @param overrides settings given on the command line, by key
   */
  public static TrainingConfig prepare(Path file, Map<String, Object> overrides, TrainingConfig.Use use, Path out,
      boolean resume, boolean overwrite) {
    if (resume && overwrite) {
      throw new IllegalArgumentException("--resume and --overwrite exclude each other");
    }
    try {
      if (resume) {
        return resume(file, overrides, use, out);
      }
      TrainingConfig config = file != null ? TrainingConfig.read(file, use, overrides)
          : TrainingConfig.of(Map.of(), use, overrides);
      if (Files.exists(out)) {
        if (!overwrite) {
          throw new IllegalArgumentException(out + " already exists; pass --resume to continue it or --overwrite to"
              + " start again");
        }
        refuseUnlessRun(out);
        AtomicDirectory.deleteRecursively(out);
      }
      Files.createDirectories(out);
      config.write(out.resolve(CONFIG), use);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + out + ": " + e.getMessage(), e);
    }
  }

  private static TrainingConfig resume(Path file, Map<String, Object> overrides, TrainingConfig.Use use, Path out) {
    if (!Files.isRegularFile(out.resolve(CONFIG))) {
      throw new IllegalArgumentException(out + " holds no training run to resume (no " + CONFIG + ")");
    }
    if (file != null) {
      throw new IllegalArgumentException("--resume continues with the saved " + out.resolve(CONFIG) + "; drop"
          + " --config");
    }
    List<String> refused = new ArrayList<>();
    for (String key : overrides.keySet()) {
      if (!SAFE_ON_RESUME.contains(key)) {
        refused.add(Settings.option(key));
      }
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException("--resume continues with the saved " + out.resolve(CONFIG) + "; drop "
          + String.join(", ", refused.stream().distinct().toList()) + " (a resumed run may change only "
          + String.join(", ", SAFE_ON_RESUME.stream().sorted().map(Settings::option).toList()) + ")");
    }
    TrainingConfig config = TrainingConfig.read(out.resolve(CONFIG), use, overrides);
    if (!overrides.isEmpty()) {
      config.write(out.resolve(CONFIG), use);
    }
    return config;
  }

  /** Refuses to delete a folder that is not a training run, or a file, saying what is there. */
  private static void refuseUnlessRun(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException(out + " is a file, not a training run; --overwrite replaces only a run"
          + " folder (one with " + CONFIG + ")");
    }
    if (!Files.isRegularFile(out.resolve(CONFIG))) {
      List<String> names;
      try (Stream<Path> entries = Files.list(out)) {
        names = entries.map(p -> p.getFileName().toString()).sorted().limit(5).toList();
      }
      if (names.isEmpty()) {
        return;
      }
      throw new IllegalArgumentException(out + " is not a training run (no " + CONFIG + "; it holds "
          + String.join(", ", names) + "); --overwrite replaces only a run folder."
          + " Choose another --out or remove it yourself");
    }
  }
}
