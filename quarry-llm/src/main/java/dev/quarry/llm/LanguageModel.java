/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

/**
 * A chat model behind a server: one user message in, {@code n} sampled replies out, in one request. Every method of
 * Quarry that uses a language model goes through this interface, so the same code serves vLLM, llama.cpp's server,
 * Ollama or a hosted API ({@link OpenAiCompatibleModel}); tests substitute a local fixture server. Thread-safe.
 */
public interface LanguageModel extends AutoCloseable {
  /** The model's name as its server knows it: part of every cache key. */
  String name();

  /**
   * One request for {@code n} completions of {@code prompt}.
   *
   * @throws MalformedResponseException when the server's answer does not follow the protocol
   */
  Generation generate(String prompt, Sampling sampling, int n);

  @Override
  void close();
}
