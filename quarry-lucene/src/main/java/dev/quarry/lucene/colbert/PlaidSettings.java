/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

/**
 * PLAID's search settings (Santhanam et al., "PLAID: An Efficient Engine for Late Interaction Retrieval", CIKM
 * 2022): the centroids each query token probes ({@code ncells}), the centroid score a passage token needs to count in
 * the pruned centroid interaction ({@code centroidScoreThreshold}), and the passages kept after it ({@code ndocs};
 * a quarter of them after the full centroid interaction reach exact scoring). {@link #forK} gives ColBERTv2's
 * defaults per k ({@code colbert/searcher.py}); 0 (or NaN) in a field asks for that default.
 */
public record PlaidSettings(int ncells, double centroidScoreThreshold, int ndocs) {
  /** Every field at ColBERTv2's default for the k asked. */
  public static final PlaidSettings DEFAULTS = new PlaidSettings(0, Double.NaN, 0);

  public PlaidSettings {
    if (ncells < 0 || ndocs < 0) {
      throw new IllegalArgumentException("ncells and ndocs must not be negative; got " + ncells + ", " + ndocs);
    }
  }

  /** ColBERTv2's defaults for {@code k}, with the fields given here kept. */
  public PlaidSettings forK(int k) {
    int cells = k <= 10 ? 1 : k <= 100 ? 2 : 4;
    double threshold = k <= 10 ? 0.5 : k <= 100 ? 0.45 : 0.4;
    int docs = k <= 10 ? 256 : k <= 100 ? 1024 : Math.max(k * 4, 4096);
    return new PlaidSettings(ncells > 0 ? ncells : cells,
        Double.isNaN(centroidScoreThreshold) ? threshold : centroidScoreThreshold, ndocs > 0 ? ndocs : docs);
  }

  @Override
  public String toString() {
    return "ncells=" + (ncells == 0 ? "default" : ncells) + ", centroid_score_threshold="
        + (Double.isNaN(centroidScoreThreshold) ? "default" : centroidScoreThreshold) + ", ndocs="
        + (ndocs == 0 ? "default" : ndocs);
  }
}
