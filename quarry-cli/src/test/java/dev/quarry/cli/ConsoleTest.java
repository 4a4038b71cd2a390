/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleTest {
  private static String throughput(long count, double seconds) {
    StringWriter out = new StringWriter();
    new Console(new PrintWriter(out)).throughput("trained", count, "steps", (long) (seconds * 1e9));
    return out.toString().strip();
  }

  @Test
  void fastWorkIsQuotedPerSecond() {
    assertEquals("trained 5,183 steps in 2.0 s (2,592 steps/s)", throughput(5183, 2.0));
  }

  @Test
  void slowWorkIsQuotedInSecondsEach() {
    assertEquals("trained 22 steps in 618.7 s (28.1 s each)", throughput(22, 618.7));
  }

  @Test
  void progressBarsQuoteTheSameRateAsTheSummary() {
    assertEquals("2,592 steps/s", ProgressLine.rate(5183, 2.0, "steps"));
    assertEquals("2.5 queries/s", ProgressLine.rate(5, 2.0, "queries"));
    assertEquals("13.2 s each", ProgressLine.rate(3, 39.6, "steps"), "not .1 steps/s");
    assertEquals("? steps/s", ProgressLine.rate(0, 5, "steps"));
  }
}
