/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.util.Comparator;
import java.util.Objects;

/** One retrieved document and its score. */
public record ScoredDocument(String docId, double score) {
  /**
   * trec_eval's ranking order: score descending, ties broken by document id descending (its {@code strcmp} of
   * the docnos; identical to {@link String#compareTo} for ids outside the supplementary planes). The rank column of
   * a run file plays no part, so every evaluator must rank this way to agree with trec_eval.
   */
  public static final Comparator<ScoredDocument> TREC_EVAL_ORDER = (a, b) -> {
    int bySore = Double.compare(b.score, a.score);
    return bySore != 0 ? bySore : b.docId.compareTo(a.docId);
  };

  public ScoredDocument {
    Objects.requireNonNull(docId, "docId");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score of '" + docId + "' is NaN");
    }
  }
}
