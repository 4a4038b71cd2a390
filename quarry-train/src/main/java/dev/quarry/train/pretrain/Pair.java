/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

/**
 * A pseudo query and its positive passage, as texts (ICT, BFS, WLP) or as word-piece ids without special tokens
 * (crops), with where the positive comes from.
 *
 * @param source the page and paragraph of the positive ({@code paragraph} -1 for a crop of a whole page)
 */
public record Pair(String query, String positive, long[] queryTokens, long[] positiveTokens,
    PageCorpus.Anchor source) {

  public static Pair texts(String query, String positive, PageCorpus.Anchor source) {
    return new Pair(query, positive, null, null, source);
  }

  public static Pair tokens(long[] query, long[] positive, PageCorpus.Anchor source) {
    return new Pair(null, null, query, positive, source);
  }

  public boolean isTokens() {
    return queryTokens != null;
  }
}
