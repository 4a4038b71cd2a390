/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.training;

import java.util.List;
import java.util.Objects;

/**
 * One training query: its text, its positive passages, its negative passages, and optionally a teacher's scores
 * (in each passage) and pairwise preferences.
 *
 * @param queryId the query's id
 * @param query the query's text
 * @param positives relevant passages (at least one)
 * @param negatives non-relevant passages, hardest first where mined
 * @param pairs teacher pair preferences between passages of this example (may be empty)
 */
public record TrainingExample(String queryId, String query, List<Passage> positives, List<Passage> negatives,
    List<PairPreference> pairs) {

  /**
   * A passage and, if a teacher scored it, its score.
   *
   * @param id document id
   * @param text document text (title and text)
   * @param score the teacher's score, or null
   */
  public record Passage(String id, String text, Double score) {
    public Passage {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A pairwise teacher's judgement: the probability that passage {@code first} is more relevant than {@code second}.
   */
  public record PairPreference(String first, String second, double probability) {
    public PairPreference {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("pair probability must be in [0, 1]; got " + probability);
      }
    }
  }

  public TrainingExample {
    Objects.requireNonNull(queryId, "queryId");
    Objects.requireNonNull(query, "query");
    positives = List.copyOf(positives);
    negatives = List.copyOf(negatives);
    pairs = pairs == null ? List.of() : List.copyOf(pairs);
    if (positives.isEmpty()) {
      throw new IllegalArgumentException("query '" + queryId + "' has no positive passage");
    }
  }

  public TrainingExample withNegatives(List<Passage> newNegatives) {
    return new TrainingExample(queryId, query, positives, newNegatives, pairs);
  }
}
