/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.TopDocs;

/**
 * ColBERT as a reranker inside a Lucene index: BM25's top {@code depth} for a query, re-scored by MaxSim over the token
 * vectors the index keeps ({@link Bm25IndexBuilder#withTokenVectors}) through Lucene's own
 * {@link org.apache.lucene.search.LateInteractionRescorer}; scores are MaxSim. The query encoder must be the model the
 * index was built with. Owns the encoder and closes it.
 */
public final class Bm25MaxSimSearcher implements Retriever {
  private final Bm25Searcher bm25;
  private final TokenEncoder encoder;
  private final int depth;

  /** @param depth BM25 hits re-scored per query; a search returns at most this many */
  public Bm25MaxSimSearcher(Path indexDir, Bm25Settings settings, TokenEncoder encoder, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive; got " + depth);
    }
    String model = IndexManifest.read(indexDir).setting(Bm25IndexBuilder.TOKEN_MODEL);
    if (model == null) {
      throw new IllegalArgumentException(indexDir + " keeps no token vectors: build it with a ColBERT model"
          + " (index --kind bm25 --model MODEL)");
    }
    if (!model.equals(encoder.modelId())) {
      throw new IllegalArgumentException(indexDir + " keeps the token vectors of " + model + "; the query encoder is "
          + encoder.modelId());
    }
    this.bm25 = new Bm25Searcher(indexDir, settings);
    this.encoder = encoder;
    this.depth = depth;
  }

  @Override
  public List<ScoredDocument> search(String query, int k) {
    return searchBatch(List.of(query), k).get(0);
  }

  /** Encodes the batch's queries in one call. */
  @Override
  public List<List<ScoredDocument>> searchBatch(List<String> queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; got " + k);
    }
    TokenVectors[] vectors = encoder.encodeQueries(queries);
    List<List<ScoredDocument>> results = new ArrayList<>(queries.size());
    try {
      for (int i = 0; i < queries.size(); i++) {
        TopDocs first = bm25.topDocs(queries.get(i), depth);
        TopDocs rescored = LateInteraction.rescore(bm25.indexSearcher(), first, vectors[i], Math.min(k, depth));
        int tokens = vectors[i].count();
        results.add(bm25.withIds(rescored.scoreDocs).stream()
            .map(d -> new ScoredDocument(d.docId(), LateInteraction.maxSim((float) d.score(), tokens))).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed: " + e.getMessage(), e);
    }
    return results;
  }

  @Override
  public boolean containsDocument(String docId) {
    return bm25.containsDocument(docId);
  }

  @Override
  public long documentCount() {
    return bm25.documentCount();
  }

  @Override
  public void close() {
    try (encoder) {
      bm25.close();
    }
  }

  @Override
  public String toString() {
    return "Bm25MaxSimSearcher[" + bm25 + ", depth=" + depth + ", " + encoder.modelId() + "]";
  }
}
