/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the quarry command in-process and captures what it prints. */
record CliHarness(int exitCode, String out, String err) {
  static CliHarness run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Quarry.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliHarness(code, out.toString(), err.toString());
  }

  /** The value printed on the {@code metric all value} line. */
  double mean(String metric) {
    for (String line : out.split("\n")) {
      String[] cols = line.strip().split("\\s+");
      if (cols.length == 3 && cols[0].equals(metric) && cols[1].equals("all")) {
        return Double.parseDouble(cols[2]);
      }
    }
    throw new AssertionError("no '" + metric + "' line in:\n" + out);
  }
}
