/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** What every command prints on standard error: its effective configuration first, its throughput last. */
final class Console {
  private final PrintWriter err;

  Console(PrintWriter err) {
    this.err = err;
  }

  /** Prints {@code quarry <command>} and one aligned line per setting. */
  void configuration(String command, Map<String, ?> settings) {
    err.println("quarry " + command);
    int width = settings.keySet().stream().mapToInt(String::length).max().orElse(0);
    settings.forEach((k, v) -> err.printf(Locale.ROOT, "  %-" + width + "s  %s%n", k, v));
    err.flush();
  }

  /**
   * Prints e.g. {@code indexed 5,183 documents in 1.9 s (2,710 documents/s)}, or seconds each when slower than one a
   * second: the rate a progress bar shows ({@link ProgressLine#rate}).
   */
  void throughput(String verb, long count, String unit, long nanos) {
    double seconds = nanos / 1e9;
    err.printf(Locale.ROOT, "%s %,d %s in %.1f s (%s)%n", verb, count, unit, seconds,
        count == 0 ? "nothing done" : ProgressLine.rate(count, seconds, unit));
    err.flush();
  }

  void info(String line) {
    err.println(line);
    err.flush();
  }
}
