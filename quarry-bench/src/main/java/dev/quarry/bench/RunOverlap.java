/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Recall of an approximate run's top-k against an exact run's top-k, averaged over the exact run's queries: how
 * much of what exact search returns an HNSW or quantized index also returns.
 *
 * <p>Usage: {@code RunOverlap EXACT.trec APPROXIMATE.trec [k]}.
 */
public final class RunOverlap {
  private RunOverlap() {}

  public static void main(String[] args) {
    Run exact = Run.read(Path.of(args[0]));
    Run approximate = Run.read(Path.of(args[1]));
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    double sum = 0;
    for (String q : exact.queryIds()) {
      Set<String> truth = new HashSet<>();
      exact.results(q).stream().limit(k).map(ScoredDocument::docId).forEach(truth::add);
      long found = approximate.results(q).stream().limit(k).map(ScoredDocument::docId).filter(truth::contains).count();
      sum += (double) found / Math.max(1, truth.size());
    }
    System.out.printf(Locale.ROOT, "recall@%d of %s against %s: %.4f over %d queries%n", k, args[1], args[0],
        sum / exact.size(), exact.size());
  }
}
