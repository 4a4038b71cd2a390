/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import java.util.Locale;

/** How token vectors become one text vector. */
public enum Pooling {
  /** The first token's ([CLS]) vector, as BGE does. */
  CLS,
  /** The mean of the non-padding tokens' vectors, as Sentence-BERT models and E5 do. */
  MEAN;

  public static Pooling parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown pooling '" + name + "'; known: cls, mean");
    }
  }
}
