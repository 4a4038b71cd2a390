/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a model folder holds: a dual encoder (one vector per text), a late-interaction encoder (ColBERT: one vector
 * per token), a cross-encoder (one score per query-passage pair) or a pairwise reranker (P(first &gt; second) for a
 * query and two passages). The one name of a kind in
 * {@code quarry.json}, configurations and options; {@code cross_encoder} is read as {@code cross-encoder}.
 */
public enum ModelKind {
  DENSE("dense"), COLBERT("colbert"), CROSS_ENCODER("cross-encoder"), PAIRWISE("pairwise");

  private final String label;

  ModelKind(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  /** Whether this kind scores query-passage inputs (a reranker) rather than encoding texts alone. */
  public boolean isReranker() {
    return this == CROSS_ENCODER || this == PAIRWISE;
  }

  @JsonCreator
  public static ModelKind parse(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (ModelKind kind : values()) {
      if (kind.label.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown model kind '" + text + "'; the kinds: "
        + String.join(", ", Arrays.stream(values()).map(ModelKind::label).toList()));
  }

  @Override
  public String toString() {
    return label;
  }
}
