/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.DataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Checks of what a user gave, made before any work: a bad value is a {@link UsageException} (exit 2) whose message
 * names the option. Data errors found while working (a malformed line of a file) stay failures (exit 1).
 */
final class CommandChecks {
  private CommandChecks() {}

  static void positive(String option, int value) {
    if (value < 1) {
      throw new UsageException(option + " must be positive; got " + value);
    }
  }

  /** Parses an option's value; a value that cannot be used is a usage error naming the option. */
  static <T> T option(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (DataFormatException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage(), e);
    }
  }

  /** Reads what the user asked for (a configuration, an output folder); a refusal is a usage error. */
  static <T> T usage(Supplier<T> work) {
    try {
      return work.get();
    } catch (DataFormatException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** An output file may be written: it does not exist, or {@code --overwrite} was given and it is a file. */
  static void writable(String option, Path file, boolean overwrite) {
    if (Files.isDirectory(file)) {
      throw new UsageException(option + ": " + file + " is a folder; give a file to write the run to");
    }
    if (Files.exists(file) && !overwrite) {
      throw new UsageException(option + ": " + file + " already exists; pass --overwrite to replace it");
    }
  }
}
