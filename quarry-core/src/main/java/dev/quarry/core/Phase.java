/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core;

/** The long phases of Quarry's work, each with the unit it counts, for progress reporting. */
public enum Phase {
  INDEXING("Indexing", "docs"),
  ENCODING("Encoding", "passages"),
  CLUSTERING("Clustering", "iterations"),
  SEARCHING("Searching", "queries"),
  MINING("Mining", "queries"),
  TRAINING("Training", "steps"),
  REFRESHING("Refreshing", "passages"),
  TEACHERS("Teachers", "queries"),
  RERANKING("Reranking", "queries"),
  PUBLISHING("Publishing", "docs");

  private final String label;
  private final String unit;

  Phase(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  /** The name shown to people, e.g. "Training". */
  public String label() {
    return label;
  }

  /** What one step of the phase is, e.g. "steps". */
  public String unit() {
    return unit;
  }
}
