/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.util.Locale;

/**
 * What a hosted API charges per 1,000 prompt and completion tokens, to print a run's cost beside its token counts.
 * Local servers cost nothing per token: {@link #NONE}.
 */
public record Pricing(double promptPer1k, double completionPer1k) {
  public static final Pricing NONE = new Pricing(0, 0);

  public Pricing {
    if (!(promptPer1k >= 0) || !(completionPer1k >= 0) || Double.isInfinite(promptPer1k + completionPer1k)) {
      throw new IllegalArgumentException("prices must be finite and >= 0; got " + promptPer1k + " and "
          + completionPer1k);
    }
  }

  /** {@code P} (one price for every token) or {@code PROMPT,COMPLETION}, per 1,000 tokens. */
  public static Pricing parse(String text) {
    String[] parts = text.split(",", -1);
    try {
      if (parts.length == 1) {
        double p = Double.parseDouble(parts[0].strip());
        return new Pricing(p, p);
      }
      if (parts.length == 2) {
        return new Pricing(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("a price per 1,000 tokens is PRICE or PROMPT,COMPLETION (numbers); got '"
        + text + "'");
  }

  public boolean isFree() {
    return promptPer1k == 0 && completionPer1k == 0;
  }

  public double cost(Usage usage) {
    return (usage.promptTokens() * promptPer1k + usage.completionTokens() * completionPer1k) / 1000;
  }

  @Override
  public String toString() {
    return isFree() ? "not counted" : String.format(Locale.ROOT, "%s per 1k prompt tokens, %s per 1k completion"
        + " tokens", promptPer1k, completionPer1k);
  }
}
