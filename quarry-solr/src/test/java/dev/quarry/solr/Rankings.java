/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.ScoredDocument;
import java.util.List;

/** Rankings of two engines compared as equal where their scores allow no choice: equal scores may come in any order. */
public final class Rankings {
  private Rankings() {}

  /**
   * Each query's scores equal rank by rank within {@code tolerance} (relative), and every document whose score is
   * not tied (within the tolerance) with another's at the same rank, or with the last one kept, at the same rank in
   * both: the same ranking up to the order of ties, and up to which of several tied documents fills the last places.
   */
  public static void assertSame(List<List<ScoredDocument>> expected, List<List<ScoredDocument>> actual,
      double tolerance, String what) {
    assertEquals(expected.size(), actual.size(), what + ": queries");
    for (int q = 0; q < expected.size(); q++) {
      List<ScoredDocument> e = expected.get(q);
      List<ScoredDocument> a = actual.get(q);
      assertEquals(e.size(), a.size(), what + ": query " + q + ", hits");
      for (int i = 0; i < e.size(); i++) {
        double es = e.get(i).score();
        double as = a.get(i).score();
        assertEquals(es, as, tol(tolerance, es), what + ": query " + q + ", rank " + (i + 1) + " (" + e.get(i).docId()
            + " against " + a.get(i).docId() + ")");
        if (!e.get(i).docId().equals(a.get(i).docId())) {
          double last = e.get(e.size() - 1).score();
          boolean tied = Math.abs(es - last) <= tol(tolerance, es) || neighbourTied(e, i, tolerance);
          assertTrue(tied, what + ": query " + q + ", rank " + (i + 1) + ": " + e.get(i) + " against " + a.get(i)
              + ", and no tie to explain it");
        }
      }
    }
  }

  private static boolean neighbourTied(List<ScoredDocument> ranked, int i, double tolerance) {
    double s = ranked.get(i).score();
    return i > 0 && Math.abs(ranked.get(i - 1).score() - s) <= tol(tolerance, s)
        || i + 1 < ranked.size() && Math.abs(ranked.get(i + 1).score() - s) <= tol(tolerance, s);
  }

  private static double tol(double tolerance, double score) {
    return tolerance * Math.max(1, Math.abs(score));
  }
}
