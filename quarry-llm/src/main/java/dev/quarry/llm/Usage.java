/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

/** What requests cost, as the servers report it in each response's {@code usage}. */
public record Usage(long requests, long promptTokens, long completionTokens) {
  public static final Usage NONE = new Usage(0, 0, 0);

  public Usage plus(Usage other) {
    return new Usage(requests + other.requests, promptTokens + other.promptTokens,
        completionTokens + other.completionTokens);
  }
}
