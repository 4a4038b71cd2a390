/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where an OpenAI-compatible chat-completions server is and how to talk to it: its base URL (the part before
 * {@code /chat/completions}, e.g. {@code http://localhost:8000/v1} for vLLM), the key, the timeout of a request, the
 * retry policy, how many requests may be in flight at once, how many samples one request may ask for ({@code n}: 1
 * for servers that refuse more, such as llama.cpp's), the folder of the completion cache, and the price of tokens.
 * {@link #toString} never shows the key.
 */
public record LlmEndpoint(URI url, ApiKey key, Duration timeout, Backoff backoff, int concurrency,
    int samplesPerRequest, Path cache, Pricing pricing) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final int DEFAULT_SAMPLES_PER_REQUEST = 8;

  public LlmEndpoint {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException("the LLM server's URL must be http:// or https:// with a host, such as"
          + " http://localhost:8000/v1; got '" + url + "'");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the LLM timeout must be positive; got " + timeout);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("LLM concurrency must be positive; got " + concurrency);
    }
    if (samplesPerRequest < 1) {
      throw new IllegalArgumentException("samples per request must be positive; got " + samplesPerRequest);
    }
  }

  /** The server at {@code url} with every other setting at its default, the cache in {@code cache}. */
  public static LlmEndpoint of(URI url, ApiKey key, Path cache) {
    return new LlmEndpoint(url, key, DEFAULT_TIMEOUT, Backoff.DEFAULT, DEFAULT_CONCURRENCY,
        DEFAULT_SAMPLES_PER_REQUEST, cache, Pricing.NONE);
  }

  @Override
  public String toString() {
    return url + " (key " + key + "; timeout " + timeout.toSeconds() + " s, " + backoff + "; " + concurrency
        + " requests at once, n <= " + samplesPerRequest + "; completions cached in " + cache + ")";
  }
}
