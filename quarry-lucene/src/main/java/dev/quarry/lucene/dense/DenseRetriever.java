/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.vector.Encoder;
import dev.quarry.core.vector.VectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A dual-encoder retriever: queries are encoded by the model that encoded the index's passages (anything else is
 * refused), and the index returns the passages with the largest inner products. Owns its encoder and index: closing
 * the retriever closes both. Thread-safe.
 */
public final class DenseRetriever implements Retriever {
  private final Encoder encoder;
  private final VectorIndex index;
  private final String[] ids;
  private volatile Set<String> idSet;

  public DenseRetriever(Encoder encoder, VectorIndex index, String[] ids) {
    if (encoder.dimension() != index.dimension()) {
      throw new IllegalArgumentException("the encoder gives " + encoder.dimension()
          + "-dimensional vectors; the index holds " + index.dimension() + "-dimensional ones");
    }
    if (ids.length != index.size()) {
      throw new IllegalArgumentException("the index has " + index.size() + " vectors but " + ids.length + " ids");
    }
    this.encoder = encoder;
    this.index = index;
    this.ids = ids;
  }

  /** Opens the index at {@code dir} for queries encoded by {@code encoder}, which must be the index's model. */
  public static DenseRetriever open(Path dir, Encoder encoder, DenseSearchSettings search) {
    IndexManifest manifest = DenseIndex.manifest(dir);
    String model = manifest.setting("model");
    if (!encoder.modelId().equals(model)) {
      throw new IllegalArgumentException("index " + dir + " was encoded with model '" + model
          + "'; its queries cannot be encoded with '" + encoder.modelId() + "'");
    }
    return new DenseRetriever(encoder, DenseIndex.open(dir, search), DenseIndex.ids(dir));
  }

  /**
   * Opens an index a cache found for {@code encoder} by its weights and recipe (the cache's key holds both), so the
   * model name it was encoded under is not checked: the same weights in another folder (a model copied, or a seeded
   * run repeated elsewhere) share the entry. Dimensions and sizes are still checked.
   */
  public static DenseRetriever openCached(Path dir, Encoder encoder, DenseSearchSettings search) {
    return new DenseRetriever(encoder, DenseIndex.open(dir, search), DenseIndex.ids(dir));
  }

  @Override
  public List<ScoredDocument> search(String query, int k) {
    return searchBatch(List.of(query), k).get(0);
  }

  @Override
  public List<List<ScoredDocument>> searchBatch(List<String> queries, int k) {
    VectorIndex.Hits[] hits = index.search(encoder.encodeQueries(queries), k);
    List<List<ScoredDocument>> results = new ArrayList<>(hits.length);
    for (VectorIndex.Hits h : hits) {
      List<ScoredDocument> docs = new ArrayList<>(h.size());
      for (int i = 0; i < h.size(); i++) {
        docs.add(new ScoredDocument(ids[(int) h.rows()[i]], h.scores()[i]));
      }
      results.add(docs);
    }
    return results;
  }

  @Override
  public boolean containsDocument(String docId) {
    Set<String> set = idSet;
    if (set == null) {
      set = new HashSet<>(List.of(ids));
      idSet = set;
    }
    return set.contains(docId);
  }

  @Override
  public long documentCount() {
    return ids.length;
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
    return "DenseRetriever[" + encoder.modelId() + ", " + index + "]";
  }
}
