/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.util.function.Function;

/**
 * The key an OpenAI-compatible server may ask for, sent as the bearer token. It comes from the environment variable
 * {@value #VARIABLE} only, never from the command line (where {@code ps} and shell histories show it), and it is never
 * printed: {@link #toString} says only whether one is set, so a configuration line or a log line that shows the
 * endpoint cannot show the key.
 */
public final class ApiKey {
  /** The environment variable the key is read from. */
  public static final String VARIABLE = "QUARRY_LLM_KEY";

  /** No key: local servers (vLLM without --api-key, llama.cpp's server, Ollama) need none. */
  public static final ApiKey NONE = new ApiKey(null);

  private final String secret;

  private ApiKey(String secret) {
    this.secret = secret;
  }

  /** The key in {@value #VARIABLE} of {@code environment} ({@code System::getenv}), or {@link #NONE}. */
  public static ApiKey fromEnvironment(Function<String, String> environment) {
    String value = environment.apply(VARIABLE);
    return value == null || value.isBlank() ? NONE : new ApiKey(value.strip());
  }

  /** The secret, for the Authorization header only. */
  String secret() {
    return secret;
  }

  /** {@code text} with the key, should a server echo it in an error, replaced by {@code ***}. */
  String redact(String text) {
    return secret == null || text == null ? text : text.replace(secret, "***");
  }

  public boolean isSet() {
    return secret != null;
  }

  @Override
  public String toString() {
    return isSet() ? "from " + VARIABLE : "none (" + VARIABLE + " is not set)";
  }
}
