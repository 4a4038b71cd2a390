package dev.quarry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The process's peak memory: resident set (Linux's VmHWM) and the JVM heap pools' peak use. */
final class PeakMemory {
  private PeakMemory() {}

  static String describe() {
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    return String.format(Locale.ROOT, "%s resident (VmHWM), %d MB heap (sum of heap pools' peaks)",
        residentPeak(), heapPeak >> 20);
  }

  private static String residentPeak() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("\\D", ""));
          return (kb >> 10) + " MB";
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return "unknown";
  }
}
