package dev.quarry.cli;

import dev.quarry.core.Progress;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for a long loop, as a {@link Progress}. On a terminal (the launcher sets
 * {@code quarry.interactive} when standard error is one) it redraws in place; otherwise (a log file, CI) it prints a
 * line every ten seconds instead of flooding the log.
 */
final class ProgressBars implements Progress, AutoCloseable {
  private final ProgressBar bar;

  /**
   * @param total the number of steps, or -1 when unknown (a streamed corpus)
   */
  ProgressBars(String task, long total, String unit, PrintWriter err) {
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
    this.bar = builder.build();
  }

  @Override
  public void advance(long steps) {
    bar.stepBy(steps);
  }

  @Override
  public void close() {
    bar.close();
  }
}
