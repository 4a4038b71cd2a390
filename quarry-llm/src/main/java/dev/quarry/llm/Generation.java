/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.util.List;

/** One response of the server: its choices (as many as asked for, or fewer when a server ignores {@code n}). */
public record Generation(List<Completion> choices, Usage usage) {
  public Generation {
    choices = List.copyOf(choices);
  }
}
