/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import dev.quarry.core.rerank.Reranker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.similarities.Similarity.SimScorer;
import org.apache.lucene.util.SmallFloat;

/**
 * BM25 as a reranker: scores given passages for a query with the corpus statistics of a {@link Bm25IndexBuilder}
 * index (document count, document frequencies, average length), so that BM25 can be a member of an ensemble teacher
 * beside cross-encoders and dense models. A passage that is a document of the index gets the score
 * {@link Bm25Searcher} gives it: the same analyzer, bag-of-words query and BM25 similarity, and the same lossy
 * length encoding; a passage that shares no term with the query scores 0. Thread-safe.
 */
public final class Bm25Reranker implements Reranker {
  private final Bm25Searcher searcher;
  private final Bm25Settings settings;

  public Bm25Reranker(Path indexDir, Bm25Settings settings) {
    this.searcher = new Bm25Searcher(indexDir, settings);
    this.settings = settings;
  }

  @Override
  public String modelId() {
    return "bm25(" + settings + ")";
  }

  @Override
  public float[] score(String query, List<String> passages) {
    List<TermScorer> terms = termScorers(query);
    float[] scores = new float[passages.size()];
    for (int i = 0; i < scores.length && !terms.isEmpty(); i++) {
      Map<String, Integer> freqs = searcher.termCounts(passages.get(i));
      int length = freqs.values().stream().mapToInt(Integer::intValue).sum();
      // the norm Lucene stores: the field's length (its token count) in one lossy byte
      long norm = SmallFloat.intToByte4(length) & 0xFF;
      double score = 0;
      for (TermScorer t : terms) {
        Integer freq = freqs.get(t.term);
        if (freq != null) {
          score += t.scorer.score(freq, norm);
        }
      }
      scores[i] = (float) score;
    }
    return scores;
  }

  private record TermScorer(String term, SimScorer scorer) {}

  /** One scorer per distinct query term the corpus has, boosted by its count, as {@link Bm25Searcher#query} does. */
  private List<TermScorer> termScorers(String query) {
    IndexSearcher lucene = searcher.indexSearcher();
    IndexReader reader = lucene.getIndexReader();
    List<TermScorer> scorers = new ArrayList<>();
    try {
      CollectionStatistics collection = lucene.collectionStatistics(Bm25IndexBuilder.CONTENTS);
      if (collection == null) {
        return scorers;
      }
      for (Map.Entry<String, Integer> c : searcher.termCounts(query).entrySet()) {
        Term term = new Term(Bm25IndexBuilder.CONTENTS, c.getKey());
        int docFreq = reader.docFreq(term);
        if (docFreq > 0) {
          scorers.add(new TermScorer(c.getKey(), lucene.getSimilarity().scorer(c.getValue(), collection,
              lucene.termStatistics(term, docFreq, reader.totalTermFreq(term)))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the statistics of " + searcher + ": " + e.getMessage(), e);
    }
    return scorers;
  }

  @Override
  public void close() {
    searcher.close();
  }

  @Override
  public String toString() {
    return "Bm25Reranker[" + searcher + "]";
  }
}
