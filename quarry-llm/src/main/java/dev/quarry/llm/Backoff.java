/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed request is tried again: at most {@code retries} more times, after delays that double from
 * {@code first} up to {@code max}, each with up to a fifth more at random so that concurrent callers that failed
 * together do not retry together. Only failures that another try may cure are retried (HTTP 429, 5xx, timeouts, a
 * connection refused or cut): a server that is busy, restarting or loading its model.
 */
public record Backoff(int retries, Duration first, Duration max) {
  /** Five retries over about a minute: long enough for vLLM to come back from a restart, not to hang a run. */
  public static final Backoff DEFAULT = new Backoff(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

  public Backoff {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0; got " + retries);
    }
    if (first.isNegative() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff delays must satisfy 0 <= first <= max; got " + first + " and "
          + max);
    }
  }

  /** The same delays with another number of retries. */
  public Backoff withRetries(int count) {
    return new Backoff(count, first, max);
  }

  /** The delay before retry {@code attempt} (1 for the first retry). */
  Duration delay(int attempt) {
    long base = Math.min(max.toMillis(), first.toMillis() << Math.min(attempt - 1, 30));
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 5 + 1));
  }

  @Override
  public String toString() {
    return retries + " retries, backoff from " + first.toMillis() + " ms to " + max.toSeconds() + " s";
  }
}
