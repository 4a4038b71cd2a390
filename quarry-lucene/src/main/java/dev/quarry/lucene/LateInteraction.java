/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import dev.quarry.core.vector.TokenVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.document.LateInteractionField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LateInteractionRescorer;
import org.apache.lucene.search.TopDocs;

/**
 * ColBERT scoring on a Lucene index of one's own, with Lucene's late-interaction support (10.6): a document's token
 * vectors in a {@link LateInteractionField} (binary doc values), and a first-stage list (BM25's) re-scored by
 * {@link LateInteractionRescorer}, which sums each query token's best similarity (Khattab and Zaharia, SIGIR 2020).
 *
 * <p>Lucene's {@code DOT_PRODUCT} similarity of unit vectors is {@code (1 + dot) / 2}, a rising function, so each
 * query token's best is the token of the largest inner product and Lucene's sum is {@code (tokens + MaxSim) / 2}:
 * {@link #maxSim} turns it back into the MaxSim that {@link dev.quarry.core.vector.MaxSim} and Quarry's ColBERT index
 * report. Quarry's own compressed index (PLAID) is {@code dev.quarry.lucene.colbert}; this path keeps floats, 512
 * bytes per 128-dimensional token vector.
 */
public final class LateInteraction {
  /** The field the token vectors are stored in. */
  public static final String FIELD = "token_vectors";

  private LateInteraction() {}

  /** A document's token vectors as Lucene's field. */
  public static LateInteractionField field(TokenVectors passage) {
    return new LateInteractionField(FIELD, rows(passage));
  }

  /**
   * The top {@code k} of {@code firstStage} by MaxSim with {@code query}, Lucene's score ({@code (tokens + MaxSim) /
   * 2}) in each hit; a hit whose document has no token vectors scores 0.
   */
  public static TopDocs rescore(IndexSearcher searcher, TopDocs firstStage, TokenVectors query, int k) {
    try {
      return LateInteractionRescorer.create(FIELD, rows(query), VectorSimilarityFunction.DOT_PRODUCT)
          .rescore(searcher, firstStage, k);
    } catch (IOException e) {
      throw new UncheckedIOException("late-interaction rescoring failed: " + e.getMessage(), e);
    }
  }

  /** MaxSim from Lucene's score of a query of {@code queryTokens} token vectors. */
  public static float maxSim(float luceneScore, int queryTokens) {
    return 2 * luceneScore - queryTokens;
  }

  static float[][] rows(TokenVectors vectors) {
    float[][] rows = new float[vectors.count()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = vectors.row(i);
    }
    return rows;
  }
}
