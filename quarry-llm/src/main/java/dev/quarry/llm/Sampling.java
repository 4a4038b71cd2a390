/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.util.Locale;

/**
 * The sampling settings of a completion, part of every cache key: the same prompt sampled otherwise is another
 * completion.
 *
 * @param temperature 0 for greedy decoding
 * @param topP nucleus sampling's probability mass, 1 for none
 * @param maxTokens the most tokens a completion may have
 * @param topLogprobs alternatives returned with each token's log-probability (0: no log-probabilities asked for)
 */
public record Sampling(double temperature, double topP, int maxTokens, int topLogprobs) {
  public Sampling {
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2; got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1]; got " + topP);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be positive; got " + maxTokens);
    }
    if (topLogprobs < 0 || topLogprobs > 20) {
      throw new IllegalArgumentException("top log-probabilities must be between 0 and 20 (OpenAI's limit); got "
          + topLogprobs);
    }
  }

  /** Whether token log-probabilities are asked for. */
  public boolean logprobs() {
    return topLogprobs > 0;
  }

  /** The settings as they enter a cache key. */
  String key() {
    return String.format(Locale.ROOT, "temperature=%s;top_p=%s;max_tokens=%d;top_logprobs=%d", temperature, topP,
        maxTokens, topLogprobs);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "temperature %s, top_p %s, at most %d tokens%s", temperature, topP, maxTokens,
        logprobs() ? ", top " + topLogprobs + " log-probabilities" : "");
  }
}
