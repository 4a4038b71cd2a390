/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a trained model's examples come from ({@code train} only): negatives from nowhere (in-batch only), BM25's
 * ranks {@code windowFrom..windowTo} (DPR), or the model's own, refreshed every {@code refreshEvery} steps (ANCE), or
 * a ready training file; how many a query brings to a step; and the dev queries held out for the curve.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class MiningSettings {
  /** Where the negatives come from: none (in-batch only), BM25 (DPR) or the model itself, refreshed (ANCE). */
  public enum Negatives { none, bm25, ance }

  public Negatives negatives = Negatives.bm25;
  public int hardNegatives = 1;
  /** A ready training file (JSONL); when set, nothing is mined. */
  public String trainFile;
  public int windowFrom = 10;
  public int windowTo = 100;
  /** Steps between ANCE refreshes of the negatives (0: only the initial mining). */
  public int refreshEvery = 0;
  public int devQueries = 80;
  public int devCandidates = 20;
  public int evalEvery = 0;

  void validate() {
    Settings.notNegative("hardNegatives", hardNegatives);
    Settings.notNegative("devQueries", devQueries);
    Settings.positive("devCandidates", devCandidates);
    Settings.notNegative("evalEvery", evalEvery);
    Settings.notNegative("windowFrom", windowFrom);
    if (windowTo <= windowFrom) {
      throw Settings.invalid("windowTo", "must be above windowFrom (" + windowFrom + ")", windowTo);
    }
    Settings.notNegative("refreshEvery", refreshEvery);
    if (negatives == Negatives.ance && refreshEvery == 0) {
      throw Settings.invalid("refreshEvery", "must be positive with negatives: ance (steps between refreshes)",
          refreshEvery);
    }
    if (negatives != Negatives.none && hardNegatives == 0) {
      throw Settings.invalid("hardNegatives", "must be at least 1 with negatives: " + negatives, 0);
    }
  }
}
