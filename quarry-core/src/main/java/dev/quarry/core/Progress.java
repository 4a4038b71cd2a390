/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core;

/**
 * Where long loops report how far they are. Libraries call {@link #advance}; the command line shows a progress bar.
 * Implementations must be thread-safe: batch searches advance from several threads.
 */
@FunctionalInterface
public interface Progress {
  /** Reports nothing. */
  Progress NONE = steps -> {};

  /** {@code steps} more units of work (documents, queries, training steps) are done. */
  void advance(long steps);
}
