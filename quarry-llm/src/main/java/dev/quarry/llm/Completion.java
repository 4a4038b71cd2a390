/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sampled completion: its text, why it ended ({@code stop}, or {@code length} when cut at the token limit), and,
 * when they were asked for and the server gives them, each generated token's log-probability with the most likely
 * alternatives at that position.
 */
public record Completion(String text, String finishReason, List<Token> tokens) {
  /** A generated token, its log-probability, and the top alternatives at its position (token to log-probability). */
  public record Token(String text, double logprob, Map<String, Double> alternatives) {
    public Token {
      Objects.requireNonNull(text, "token text");
      alternatives = Map.copyOf(alternatives);
    }
  }

  public Completion {
    Objects.requireNonNull(text, "text");
    finishReason = finishReason == null ? "" : finishReason;
    tokens = List.copyOf(tokens);
  }
}
