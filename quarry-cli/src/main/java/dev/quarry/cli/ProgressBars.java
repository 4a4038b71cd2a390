/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.Phase;
import dev.quarry.core.ProgressFactory;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on standard error for a long loop, as a {@link ProgressFactory.Tracker}. The bar appears at the first step (a
 * phase that does nothing shows nothing), and one bar is shown at a time: starting one finishes the one before. On a
 * terminal (the launcher sets {@code quarry.interactive} when standard error is one) it redraws in place; otherwise
 * (a log file, CI) it prints a line every ten seconds instead of flooding the log. Thread-safe.
 */
final class ProgressBars implements ProgressFactory.Tracker {
  private static final AtomicReference<ProgressBars> ACTIVE = new AtomicReference<>();

  private final String task;
  private final long total;
  private final String unit;
  private final PrintWriter err;
  private ProgressBar bar;
  private boolean closed;
  private long resumedAt;

  /** @param total the number of steps, or -1 when unknown (a streamed corpus) */
  ProgressBars(Phase phase, long total, PrintWriter err) {
    this.task = phase.label();
    this.total = total;
    this.unit = phase.unit();
    this.err = err;
  }

  /** Progress bars on {@code err} for the phases libraries report. */
  static ProgressFactory factory(PrintWriter err) {
    return (phase, total) -> new ProgressBars(phase, total, err);
  }

  @Override
  public synchronized void advance(long steps) {
    if (closed) {
      return;
    }
    if (bar == null) {
      if (steps == 0) {
        return;
      }
      ProgressBars previous = ACTIVE.getAndSet(this);
      if (previous != null && previous != this) {
        previous.close();
      }
      bar = build();
    }
    bar.stepBy(steps);
  }

  @Override
  public synchronized void resumeAt(long done) {
    if (bar == null && !closed) {
      resumedAt = done;
    } else {
      advance(done);
    }
  }

  private ProgressBar build() {
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setRenderer(new ProgressLine(unit))
        .startsFrom(resumedAt, java.time.Duration.ZERO)
        .continuousUpdate();
    if (!Boolean.getBoolean("quarry.interactive")) {
      builder.setUpdateIntervalMillis(10_000).setConsumer(new DelegatingProgressBarConsumer(line -> {
        err.println(line);
        err.flush();
      }));
    } else {
      builder.setUpdateIntervalMillis(250);
    }
    return builder.build();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ACTIVE.compareAndSet(this, null);
    if (bar != null) {
      bar.close();
    }
  }
}
