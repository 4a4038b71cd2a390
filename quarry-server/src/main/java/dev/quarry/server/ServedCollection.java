/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.search.Fusion;
import dev.quarry.core.search.Retriever;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One name the API serves ({@code index=NAME}): the indexes given under that name, at most one per kind (a BM25
 * index, a dense one, a ColBERT one), over one corpus, with that corpus's texts. Its retrievers are the kinds it has,
 * and {@value #HYBRID} when it has BM25 and dense: reciprocal rank fusion of their top {@value #HYBRID_DEPTH}.
 * Thread-safe.
 */
public final class ServedCollection implements AutoCloseable {
  public static final String BM25 = "bm25";
  public static final String DENSE = "dense";
  public static final String COLBERT = "colbert";
  public static final String HYBRID = "hybrid";
  /** Candidates each side gives to hybrid fusion. */
  public static final int HYBRID_DEPTH = 100;

  /** One index of the collection: its kind (bm25, dense or colbert), folder's manifest and open retriever. */
  public record Part(String kind, IndexManifest manifest, Retriever retriever) {}

  private final String name;
  private final Map<String, Part> parts;
  private final Documents documents;
  private final Reranker bm25Scorer;

  /**
   * @param bm25Scorer BM25 with this collection's statistics as a reranker (null without a local BM25 index)
   */
  public ServedCollection(String name, List<Part> parts, Documents documents, Reranker bm25Scorer) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("collection '" + name + "' has no index");
    }
    Map<String, Part> byKind = new LinkedHashMap<>();
    for (Part p : parts) {
      if (!List.of(BM25, DENSE, COLBERT).contains(p.kind())) {
        throw new IllegalArgumentException("collection '" + name + "': cannot serve a '" + p.kind() + "' index");
      }
      if (byKind.put(p.kind(), p) != null) {
        throw new IllegalArgumentException("collection '" + name + "' has two " + p.kind()
            + " indexes; give each its own name");
      }
    }
    if (bm25Scorer != null && !byKind.containsKey(BM25)) {
      throw new IllegalArgumentException("collection '" + name + "': a BM25 scorer comes with a BM25 index only");
    }
    this.name = name;
    this.parts = byKind;
    this.documents = documents;
    this.bm25Scorer = bm25Scorer;
  }

  public String name() {
    return name;
  }

  /** The retrievers it answers: its kinds, then hybrid when it has BM25 and dense. */
  public List<String> retrievers() {
    List<String> names = new ArrayList<>(parts.keySet());
    if (hybrid()) {
      names.add(HYBRID);
    }
    return names;
  }

  private boolean hybrid() {
    return parts.containsKey(BM25) && parts.containsKey(DENSE);
  }

  /** bm25 when it has a BM25 index, else dense when it has a dense one, else colbert. */
  public String defaultRetriever() {
    return parts.containsKey(BM25) ? BM25 : parts.containsKey(DENSE) ? DENSE : COLBERT;
  }

  public Map<String, Part> parts() {
    return parts;
  }

  public Documents documents() {
    return documents;
  }

  /** BM25 with the collection's statistics, as a reranker; null without a BM25 index. */
  public Reranker bm25Scorer() {
    return bm25Scorer;
  }

  public long documentCount() {
    return parts.values().iterator().next().retriever().documentCount();
  }

  /** Each query's top {@code k} by {@code retriever}, one of {@link #retrievers()}. */
  public List<List<ScoredDocument>> search(String retriever, List<String> queries, int k) {
    if (HYBRID.equals(retriever) && hybrid()) {
      int depth = Math.max(k, HYBRID_DEPTH);
      List<List<ScoredDocument>> sparse = parts.get(BM25).retriever().searchBatch(queries, depth);
      List<List<ScoredDocument>> dense = parts.get(DENSE).retriever().searchBatch(queries, depth);
      List<List<ScoredDocument>> fused = new ArrayList<>(queries.size());
      for (int i = 0; i < queries.size(); i++) {
        // reciprocal rank fusion (k = 60), as quarry evaluate --retriever hybrid fuses
        fused.add(Fusion.reciprocalRankLists(List.of(sparse.get(i), dense.get(i)), Fusion.DEFAULT_RRF_K, k));
      }
      return fused;
    }
    Part part = parts.get(retriever);
    if (part == null) {
      throw new IllegalArgumentException("collection '" + name + "' has no " + retriever + " retriever; it has "
          + retrievers());
    }
    return part.retriever().searchBatch(queries, k);
  }

  @Override
  public void close() {
    for (Part p : parts.values()) {
      p.retriever().close();
    }
    if (bm25Scorer != null) {
      bm25Scorer.close();
    }
  }

  @Override
  public String toString() {
    return "ServedCollection[" + name + ", " + parts.keySet() + ", " + documents + "]";
  }
}
