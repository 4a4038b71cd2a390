/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * One progress line: {@code Training  45% [=====     ] 20/44 steps, 0:04:20, 0:05:10 left, 13.2 s each}. The rate
 * counts only the steps done since the phase started (not those a resumed run had already done), the same count
 * and time the summary line uses; a loop slower than one step a second shows seconds per step instead of "0.1/s".
 */
final class ProgressLine implements ProgressBarRenderer {
  private static final int BAR = 20;
  private final String unit;

  ProgressLine(String unit) {
    this.unit = unit;
  }

  @Override
  public String render(ProgressState state, int maxLength) {
    long current = state.getCurrent();
    long max = state.getMax();
    long done = current - state.getStart();
    Duration elapsed = state.getElapsedAfterStart();
    double seconds = elapsed.toMillis() / 1000.0;
    StringBuilder line = new StringBuilder(state.getTaskName());
    if (max > 0) {
      double fraction = Math.min(1, (double) current / max);
      int filled = (int) Math.round(fraction * BAR);
      line.append(String.format(Locale.ROOT, " %3d%% [", Math.round(fraction * 100))).append("=".repeat(filled))
          .append(" ".repeat(BAR - filled)).append(String.format(Locale.ROOT, "] %,d/%,d %s, %s", current, max, unit,
              clock(elapsed)));
      if (done > 0 && current < max) {
        line.append(", ").append(clock(Duration.ofMillis((long) (elapsed.toMillis() * (double) (max - current)
            / done)))).append(" left");
      }
    } else {
      line.append(String.format(Locale.ROOT, " %,d %s, %s", current, unit, clock(elapsed)));
    }
    line.append(", ").append(rate(done, seconds, unit));
    return line.length() <= maxLength || maxLength <= 0 ? line.toString() : line.substring(0, maxLength);
  }

  /** {@code 5,183 docs/s}, {@code 2.5 queries/s}, or {@code 13.2 s each} below one a second. */
  static String rate(long done, double seconds, String unit) {
    if (done == 0 || seconds <= 0) {
      return "? " + unit + "/s";
    }
    double rate = done / seconds;
    if (rate >= 10) {
      return String.format(Locale.ROOT, "%,.0f %s/s", rate, unit);
    }
    if (rate >= 1) {
      return String.format(Locale.ROOT, "%.1f %s/s", rate, unit);
    }
    return String.format(Locale.ROOT, "%.1f s each", seconds / done);
  }

  private static String clock(Duration d) {
    long s = d.getSeconds();
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
