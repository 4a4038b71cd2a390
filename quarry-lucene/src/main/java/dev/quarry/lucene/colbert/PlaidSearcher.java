/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

import dev.quarry.core.vector.MaxSim;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.core.vector.TopK;
import dev.quarry.core.vector.VectorIndex;
import java.util.Arrays;
import java.util.BitSet;
import org.apache.lucene.util.VectorUtil;

/**
 * PLAID's search over a {@link ColbertIndex} (Santhanam et al., "PLAID: An Efficient Engine for Late Interaction
 * Retrieval", CIKM 2022), as ColBERTv2's searcher runs it: (1) candidates: the passages in the inverted lists of each
 * query token's {@code ncells} nearest centroids; (2) pruned centroid interaction: each candidate scored by MaxSim
 * over the centroid scores of only its tokens whose centroid scores at least {@code centroidScoreThreshold} with some
 * query token, the best {@code ndocs} kept; (3) full centroid interaction over all its tokens' centroids, the best
 * {@code ndocs / 4} kept; (4) exact MaxSim ({@link MaxSim}, ordered double sums) on their decompressed residuals.
 * {@link #exhaustive} scores every passage, the reference: SIMD MaxSim chooses 2k candidates, which are scored
 * exactly. Thread-safe.
 */
public final class PlaidSearcher {
  private final ColbertIndex index;

  public PlaidSearcher(ColbertIndex index) {
    this.index = index;
  }

  /** The top {@code k} passages for {@code query} by PLAID's stages at {@code settings} (defaults per k filled in). */
  public VectorIndex.Hits search(TokenVectors query, int k, PlaidSettings settings) {
    PlaidSettings s = settings.forK(k);
    float[][] q = rows(query);
    int m = q.length;
    Centroids centroids = index.centroids();
    float[] scores = centroids.scores(q);
    int[] candidates = candidates(scores, m, s.ncells());
    boolean[] kept = new boolean[centroids.count()];
    for (int c = 0; c < kept.length; c++) {
      float best = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < m; j++) {
        best = Math.max(best, scores[c * m + j]);
      }
      kept[c] = best >= s.centroidScoreThreshold();
    }
    int[] pruned = best(candidates, s.ndocs(), doc -> centroidInteraction(doc, scores, m, kept));
    int[] survivors = best(pruned, s.ndocs() / 4, doc -> centroidInteraction(doc, scores, m, null));
    TopK top = new TopK(k);
    for (int doc : survivors) {
      top.offer(doc, MaxSim.exact(query, index.decompress(doc), 0, index.length(doc)));
    }
    return hits(top);
  }

  /** The top {@code k} of every passage by MaxSim over the decompressed vectors, or the kept floats if asked. */
  public VectorIndex.Hits exhaustive(TokenVectors query, int k, boolean useFloats) {
    float[][] q = rows(query);
    int d = index.dimension();
    int wide = (int) Math.min(index.documents(), 2L * k);
    TopK candidates = new TopK(wide);
    float[] row = new float[d];
    for (int doc = 0; doc < index.documents(); doc++) {
      float[] vectors = useFloats ? index.floats(doc) : index.decompress(doc);
      float total = 0;
      for (float[] qj : q) {
        float best = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < index.length(doc); t++) {
          System.arraycopy(vectors, t * d, row, 0, d);
          best = Math.max(best, VectorUtil.dotProduct(qj, row));
        }
        total += best;
      }
      candidates.offer(doc, total);
    }
    TopK top = new TopK(k);
    for (long doc : candidates.sortedRows(null)) {
      float[] vectors = useFloats ? index.floats((int) doc) : index.decompress((int) doc);
      top.offer(doc, MaxSim.exact(query, vectors, 0, index.length((int) doc)));
    }
    return hits(top);
  }

  /** Stage 1: the passages of each query token's {@code ncells} best centroids, ascending. */
  private int[] candidates(float[] scores, int m, int ncells) {
    int k = index.centroids().count();
    BitSet cells = new BitSet(k);
    for (int j = 0; j < m; j++) {
      TopK best = new TopK(Math.min(ncells, k));
      for (int c = 0; c < k; c++) {
        best.offer(c, scores[c * m + j]);
      }
      for (long c : best.sortedRows(null)) {
        cells.set((int) c);
      }
    }
    BitSet docs = new BitSet(index.documents());
    for (int c = cells.nextSetBit(0); c >= 0; c = cells.nextSetBit(c + 1)) {
      for (int p = index.listStart(c); p < index.listEnd(c); p++) {
        docs.set(index.listDoc(p));
      }
    }
    return docs.stream().toArray();
  }

  /**
   * MaxSim with each passage token replaced by its centroid's scores: for every query token, the best centroid score
   * among the passage's tokens (only those whose centroid is {@code kept}, when given), summed; 0 when no token is.
   */
  private float centroidInteraction(int doc, float[] scores, int m, boolean[] kept) {
    float[] best = new float[m];
    Arrays.fill(best, Float.NEGATIVE_INFINITY);
    boolean any = false;
    for (int t = 0; t < index.length(doc); t++) {
      int c = index.code(doc, t);
      if (kept != null && !kept[c]) {
        continue;
      }
      any = true;
      for (int j = 0; j < m; j++) {
        best[j] = Math.max(best[j], scores[c * m + j]);
      }
    }
    if (!any) {
      return 0;
    }
    float total = 0;
    for (float b : best) {
      total += b;
    }
    return total;
  }

  private interface DocScore {
    float score(int doc);
  }

  /** The {@code n} best of {@code docs} by {@code score}, ascending; all of them when they are no more than n. */
  private static int[] best(int[] docs, int n, DocScore score) {
    if (docs.length <= n || n < 1) {
      return docs;
    }
    TopK top = new TopK(n);
    for (int doc : docs) {
      top.offer(doc, score.score(doc));
    }
    long[] rows = top.sortedRows(null);
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = (int) rows[i];
    }
    Arrays.sort(out);
    return out;
  }

  private static float[][] rows(TokenVectors query) {
    float[][] q = new float[query.count()][];
    for (int j = 0; j < q.length; j++) {
      q[j] = query.row(j);
    }
    return q;
  }

  private static VectorIndex.Hits hits(TopK top) {
    float[] scores = new float[top.size()];
    long[] rows = top.sortedRows(scores);
    return new VectorIndex.Hits(rows, scores);
  }
}
