/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The process's peak memory, for the summary lines of long commands and benchmarks. */
public final class PeakMemory {
  private PeakMemory() {}

  /** Peak resident set size in MB (Linux's VmHWM), or -1 where unknown. */
  public static long residentMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** Both the resident peak and the sum of the JVM heap pools' peaks. */
  public static String describe() {
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    long resident = residentMegabytes();
    return String.format(Locale.ROOT, "%s resident (VmHWM), %d MB heap (sum of heap pools' peaks)",
        resident < 0 ? "unknown" : resident + " MB", heapPeak >> 20);
  }
}
