/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.core.vector.VectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A ColBERT retriever: queries are encoded by the model that encoded the index's passages (anything else is refused)
 * and searched by PLAID ({@link PlaidSearcher}), or exhaustively (every passage scored: the reference). Owns its
 * encoder and index: closing the retriever closes both. Thread-safe.
 */
public final class ColbertRetriever implements Retriever {
  /** How to search: PLAID's stages, or every passage over the compressed or the kept uncompressed vectors. */
  public enum Mode { PLAID, EXHAUSTIVE, EXHAUSTIVE_FLOATS }

  private final TokenEncoder encoder;
  private final ColbertIndex index;
  private final PlaidSearcher searcher;
  private final Mode mode;
  private final PlaidSettings settings;
  private volatile Set<String> idSet;

  public ColbertRetriever(TokenEncoder encoder, ColbertIndex index, Mode mode, PlaidSettings settings) {
    if (encoder.dimension() != index.dimension()) {
      throw new IllegalArgumentException("the encoder gives " + encoder.dimension()
          + "-dimensional token vectors; the index holds " + index.dimension() + "-dimensional ones");
    }
    if (mode == Mode.EXHAUSTIVE_FLOATS && !index.hasFloats()) {
      throw new IllegalArgumentException("the index keeps no uncompressed vectors; build it with --keep-floats");
    }
    this.encoder = encoder;
    this.index = index;
    this.searcher = new PlaidSearcher(index);
    this.mode = mode;
    this.settings = settings;
  }

  /** Opens the index at {@code dir} for queries encoded by {@code encoder}, which must be the index's model. */
  public static ColbertRetriever open(Path dir, TokenEncoder encoder, Mode mode, PlaidSettings settings) {
    String model = ColbertIndex.manifest(dir).setting("model");
    if (!encoder.modelId().equals(model)) {
      throw new IllegalArgumentException("index " + dir + " was encoded with model '" + model
          + "'; its queries cannot be encoded with '" + encoder.modelId() + "'");
    }
    return new ColbertRetriever(encoder, ColbertIndex.open(dir), mode, settings);
  }

  @Override
  public List<ScoredDocument> search(String query, int k) {
    return searchBatch(List.of(query), k).get(0);
  }

  @Override
  public List<List<ScoredDocument>> searchBatch(List<String> queries, int k) {
    TokenVectors[] encoded = encoder.encodeQueries(queries);
    List<List<ScoredDocument>> results = new ArrayList<>(encoded.length);
    for (TokenVectors q : encoded) {
      results.add(search(q, k));
    }
    return results;
  }

  /** The top {@code k} for an encoded query. */
  public List<ScoredDocument> search(TokenVectors query, int k) {
    VectorIndex.Hits h = switch (mode) {
      case PLAID -> searcher.search(query, k, settings);
      case EXHAUSTIVE -> searcher.exhaustive(query, k, false);
      case EXHAUSTIVE_FLOATS -> searcher.exhaustive(query, k, true);
    };
    List<ScoredDocument> docs = new ArrayList<>(h.size());
    for (int i = 0; i < h.size(); i++) {
      docs.add(new ScoredDocument(index.id((int) h.rows()[i]), h.scores()[i]));
    }
    return docs;
  }

  public TokenEncoder encoder() {
    return encoder;
  }

  public ColbertIndex index() {
    return index;
  }

  @Override
  public boolean containsDocument(String docId) {
    Set<String> set = idSet;
    if (set == null) {
      set = new HashSet<>(List.of(index.ids()));
      idSet = set;
    }
    return set.contains(docId);
  }

  @Override
  public long documentCount() {
    return index.documents();
  }

  @Override
  public void close() {
    try {
      index.close();
    } finally {
      encoder.close();
    }
  }

  @Override
  public String toString() {
    return "ColbertRetriever[" + encoder.modelId() + ", " + index + ", " + mode
        + (mode == Mode.PLAID ? " (" + settings + ")" : "") + "]";
  }
}
