/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where a {@code quarry spark} job runs: {@code --master} and {@code --partitions}. */
final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark's master (default: spark-submit's --master when run by it, else local[N], N the number of "
          + "cores).")
  String master = SparkSessions.defaultMaster();

  @Option(names = "--partitions", paramLabel = "N", description = "At least this many partitions (default: twice the"
      + " cores).")
  int partitions = 2 * Runtime.getRuntime().availableProcessors();

  /** Checks the options and adds them to a command's configuration. */
  void describe(Map<String, Object> config) {
    CommandChecks.positive("--partitions", partitions);
    config.put("master", master);
    config.put("partitions", partitions);
  }

  /** The session; stop it when the job has ended. */
  SparkSession open() {
    return CommandChecks.option("--master", () -> SparkSessions.open(master));
  }
}
