/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.llm.ApiKey;
import dev.quarry.llm.Backoff;
import dev.quarry.llm.LlmEndpoint;
import dev.quarry.llm.Pricing;
import dev.quarry.search.IndexCache;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The server of a language model, for every command that may ask one (LameR and HyDE in {@code search} and
 * {@code evaluate}, a PRP teacher in {@code rerank} and {@code distill}): where it is and how it is asked. The key is
 * read from {@code $QUARRY_LLM_KEY}, never from the command line, and never printed.
 */
final class LlmOptions {
  /** Where the key is read from: the process's environment (tests give theirs). */
  static Function<String, String> environment = System::getenv;

  @Option(names = "--llm-url", paramLabel = "URL",
      description = "An OpenAI-compatible chat-completions server: its base URL, before /chat/completions (vLLM "
          + "http://localhost:8000/v1, llama.cpp's server http://localhost:8080/v1, Ollama http://localhost:11434/v1)."
          + " A key, if the server wants one, is read from $" + ApiKey.VARIABLE + ".")
  URI url;

  @Option(names = "--llm-cache", paramLabel = "DIR",
      description = "Where every completion is kept, so that a run repeats exactly and a killed run resumes without "
          + "paying twice (default: llm/ in the cache, $QUARRY_CACHE/llm else ~/.cache/quarry/llm).")
  Path cache;

  @Option(names = "--llm-timeout", defaultValue = "120", paramLabel = "SECONDS",
      description = "Seconds a request may take (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--llm-retries", defaultValue = "5", paramLabel = "N",
      description = "Retries of a request that failed with 429, 5xx or a timeout, after backoffs doubling from 1 s to "
          + "30 s (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--llm-concurrency", defaultValue = "" + LlmEndpoint.DEFAULT_CONCURRENCY, paramLabel = "N",
      description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--llm-samples-per-request", defaultValue = "" + LlmEndpoint.DEFAULT_SAMPLES_PER_REQUEST,
      paramLabel = "N", description = "The most samples one request asks for (n); 1 for llama.cpp's server, which "
          + "refuses more (default: ${DEFAULT-VALUE}).")
  int samplesPerRequest;

  @Option(names = "--llm-cost-per-1k", paramLabel = "PRICE[,COMPLETION]",
      description = "The price of 1,000 tokens (prompt and completion, or each), to print a run's cost.")
  String cost;

  /** The server given, or null when none was (commands refuse what needs one). */
  LlmEndpoint endpoint(IndexCache indexCache) {
    if (url == null) {
      return null;
    }
    CommandChecks.positive("--llm-timeout", timeout);
    return new LlmEndpoint(url, ApiKey.fromEnvironment(environment), Duration.ofSeconds(timeout),
        Backoff.DEFAULT.withRetries(retries), concurrency, samplesPerRequest,
        cache != null ? cache : indexCache.root().resolve("llm"), pricing());
  }

  Pricing pricing() {
    return cost == null ? Pricing.NONE : Pricing.parse(cost);
  }

  void describe(Map<String, Object> config, LlmEndpoint endpoint) {
    config.put("llm server", endpoint);
    if (!endpoint.pricing().isFree()) {
      config.put("llm pricing", endpoint.pricing());
    }
  }
}
