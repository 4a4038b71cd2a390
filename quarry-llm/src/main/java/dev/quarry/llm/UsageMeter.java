/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A run's use of a language model: requests sent (and retried), tokens as the server counted them, completions
 * received and completions read from the cache instead. Its {@link #describe} line ends every command that talks to
 * a model. Thread-safe.
 */
public final class UsageMeter {
  private final LongAdder requests = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder completionTokens = new LongAdder();
  private final LongAdder completions = new LongAdder();
  private final LongAdder cached = new LongAdder();

  void answered(Generation generation) {
    requests.add(generation.usage().requests());
    promptTokens.add(generation.usage().promptTokens());
    completionTokens.add(generation.usage().completionTokens());
    completions.add(generation.choices().size());
  }

  void retried() {
    retries.increment();
  }

  void fromCache(int count) {
    cached.add(count);
  }

  /** Requests and tokens paid for so far. */
  public Usage usage() {
    return new Usage(requests.sum(), promptTokens.sum(), completionTokens.sum());
  }

  public long retries() {
    return retries.sum();
  }

  public long completions() {
    return completions.sum();
  }

  public long cached() {
    return cached.sum();
  }

  /**
   * E.g. {@code llm: 300 requests (2 retries), 912,345 prompt + 45,000 completion tokens, 1,500 completions
   * generated, 0 from the cache, cost 1.37}; the cost only with a price.
   */
  public String describe(Pricing pricing) {
    Usage u = usage();
    return String.format(Locale.ROOT, "llm: %,d requests (%,d retries), %,d prompt + %,d completion tokens, %,d"
        + " completions generated, %,d from the cache%s", u.requests(), retries(), u.promptTokens(),
        u.completionTokens(), completions(), cached(), pricing.isFree() ? ""
            : String.format(Locale.ROOT, ", cost %.4f", pricing.cost(u)));
  }
}
