/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import org.apache.spark.sql.SparkSession;

/** The Spark session Quarry's commands run their jobs in. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session on {@code master} ({@code local[N]}, {@code local-cluster[...]}, or a cluster's URL), without the web
   * UI (a command that ends in minutes has no use for it, and its port may be taken).
   *
   * @param master the master, or null for the one {@code spark-submit} set ({@code spark.master})
   */
  public static SparkSession open(String master) {
    if (master != null && master.isBlank()) {
      throw new IllegalArgumentException("master must not be blank; give one such as local[2]");
    }
    SparkSession.Builder builder = SparkSession.builder().appName("quarry").config("spark.ui.enabled", "false");
    return (master == null ? builder : builder.master(master)).getOrCreate();
  }

  /** The master {@code spark-submit} set for this JVM, or {@code local[N]} on this machine's cores. */
  public static String defaultMaster() {
    return System.getProperty("spark.master", "local[" + Runtime.getRuntime().availableProcessors() + "]");
  }
}
