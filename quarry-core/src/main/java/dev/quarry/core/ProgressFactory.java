/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core;

/**
 * Starts the progress report of a {@link Phase}: libraries ask for one per long loop, the command line answers with a
 * progress bar, tests and servers with nothing.
 */
@FunctionalInterface
public interface ProgressFactory {
  /** Reports nothing. */
  ProgressFactory NONE = (phase, total) -> Tracker.NONE;

  /**
   * @param total the number of steps, or -1 when it is not known in advance
   */
  Tracker start(Phase phase, long total);

  /** The progress of one phase; closed when the phase ends. Thread-safe. */
  interface Tracker extends Progress, AutoCloseable {
    Tracker NONE = new Tracker() {
      @Override
      public void advance(long steps) {}

      @Override
      public void close() {}
    };

    /**
     * The phase starts with {@code done} steps already done (a resumed run), which a rate should not count as
     * done now.
     */
    default void resumeAt(long done) {
      advance(done);
    }

    @Override
    void close();
  }
}
