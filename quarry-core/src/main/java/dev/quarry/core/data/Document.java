/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.util.Objects;

/** A passage of a corpus: BEIR's {@code _id}, {@code title} (may be empty) and {@code text}. */
public record Document(String id, String title, String text) {
  public Document {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
  }

  /** Title and text in one string, as BEIR's flat indexes and most encoders take them. */
  public String contents() {
    if (title.isEmpty()) {
      return text;
    }
    return text.isEmpty() ? title : title + " " + text;
  }

  public boolean isEmpty() {
    return title.isBlank() && text.isBlank();
  }
}
