package dev.quarry.cli;

import dev.quarry.train.TrainingRun;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/** Progress bars for the training pipelines' phases ("Name:total"). */
final class ProgressSinks {
  private ProgressSinks() {}

  static Function<String, TrainingRun.ProgressSink> factory(CommandSpec spec) {
    return phase -> {
      int colon = phase.lastIndexOf(':');
      String name = phase.substring(0, colon);
      ProgressBars bars = new ProgressBars(name, Long.parseLong(phase.substring(colon + 1)),
          name.equals("Training") ? "steps" : "items", spec.commandLine().getErr());
      return new TrainingRun.ProgressSink() {
        @Override
        public void advance(long steps) {
          bars.advance(steps);
        }

        @Override
        public void close() {
          bars.close();
        }
      };
    };
  }
}
