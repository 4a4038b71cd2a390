package dev.quarry.cli;

import dev.quarry.core.Progress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for a long loop, as a {@link Progress}. The bar appears at the first step (a
 * phase that does nothing shows nothing), and one bar is shown at a time: starting one finishes the one before. On a
 * terminal (the launcher sets {@code quarry.interactive} when standard error is one) it redraws in place; otherwise
 * (a log file, CI) it prints a line every ten seconds instead of flooding the log. Thread-safe.
 */
final class ProgressBars implements Progress, AutoCloseable {
  private static final AtomicReference<ProgressBars> ACTIVE = new AtomicReference<>();

  private final String task;
  private final long total;
  private final String unit;
  private final PrintWriter err;
  private ProgressBar bar;
  private boolean closed;

  /** @param total the number of steps, or -1 when unknown (a streamed corpus) */
  ProgressBars(String task, long total, String unit, PrintWriter err) {
    this.task = task;
    this.total = total;
    this.unit = unit;
    this.err = err;
  }

  @Override
  public synchronized void advance(long steps) {
    if (closed) {
      return;
    }
    if (bar == null) {
      ProgressBars previous = ACTIVE.getAndSet(this);
      if (previous != null && previous != this) {
        previous.close();
      }
      bar = build();
    }
    bar.stepBy(steps);
  }

  private ProgressBar build() {
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" " + unit, 1)
        .showSpeed()
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
