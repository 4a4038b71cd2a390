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

  /** Prints e.g. {@code indexed 5,183 documents in 1.9 s (2,710 documents/s)}, or seconds each when slower. */
  void throughput(String verb, long count, String unit, long nanos) {
    double seconds = nanos / 1e9;
    double rate = seconds > 0 ? count / seconds : 0;
    if (rate >= 1 || count == 0) {
      err.printf(Locale.ROOT, "%s %,d %s in %.1f s (%,.0f %s/s)%n", verb, count, unit, seconds, rate, unit);
    } else {
      err.printf(Locale.ROOT, "%s %,d %s in %.1f s (%.1f s each)%n", verb, count, unit, seconds, seconds / count);
    }
    err.flush();
  }

  void info(String line) {
    err.println(line);
    err.flush();
  }
}
