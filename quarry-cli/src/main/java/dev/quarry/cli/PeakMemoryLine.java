package dev.quarry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident memory (Linux's VmHWM), for the summary line of long commands. */
final class PeakMemoryLine {
  private PeakMemoryLine() {}

  static String describe() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return "peak resident memory " + (Long.parseLong(line.replaceAll("\\D", "")) >> 10) + " MB";
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return "peak resident memory unknown";
  }
}
