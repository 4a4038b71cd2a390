/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which queries two sides have in common: a run and its judgements, or a query file and its judgements. Scoring a run
 * against another collection's qrels gives all zeros and no error; this makes that an error, and a partial overlap a
 * warning that says how many queries of each side have no partner.
 *
 * @param common queries on both sides
 * @param onlyFirst queries of the first side only (e.g. run queries with no judgements)
 * @param onlySecond queries of the second side only (e.g. judged queries the run lacks)
 */
public record QueryOverlap(int common, int onlyFirst, int onlySecond) {

  public static QueryOverlap of(Set<String> first, Set<String> second) {
    Set<String> both = new HashSet<>(first);
    both.retainAll(second);
    return new QueryOverlap(both.size(), first.size() - both.size(), second.size() - both.size());
  }

  /**
   * @throws IllegalArgumentException when the sides share no query (or the first is empty), naming both
   */
  public QueryOverlap requireCommon(String firstName, String secondName) {
    if (common + onlyFirst == 0) {
      throw new IllegalArgumentException(firstName + " holds no queries");
    }
    if (common == 0) {
      throw new IllegalArgumentException("none of the " + onlyFirst + " queries of " + firstName + " is among the "
          + onlySecond + " of " + secondName + ": they are not about the same queries");
    }
    return this;
  }

  /** A sentence for a partial overlap, or empty when every query has its partner. */
  public Optional<String> warning(String firstName, String secondName) {
    if (onlyFirst == 0 && onlySecond == 0) {
      return Optional.empty();
    }
    return Optional.of(common + " queries are in both " + firstName + " and " + secondName + "; " + onlyFirst
        + " of " + firstName + " are not in " + secondName + ", " + onlySecond + " of " + secondName + " are not in "
        + firstName);
  }
}
