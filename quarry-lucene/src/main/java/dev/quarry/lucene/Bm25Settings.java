/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

/**
 * BM25's two parameters (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009).
 * The defaults, k1 = 0.9 and b = 0.4, are Anserini's, with which its published BEIR figures were made.
 */
public record Bm25Settings(float k1, float b) {
  public static final Bm25Settings ANSERINI = new Bm25Settings(0.9f, 0.4f);

  public Bm25Settings {
    if (!(k1 >= 0) || Float.isInfinite(k1)) {
      throw new IllegalArgumentException("k1 must be a finite number >= 0; got " + k1);
    }
    if (!(b >= 0 && b <= 1)) {
      throw new IllegalArgumentException("b must be between 0 and 1; got " + b);
    }
  }

  @Override
  public String toString() {
    return "k1=" + k1 + ", b=" + b;
  }
}
