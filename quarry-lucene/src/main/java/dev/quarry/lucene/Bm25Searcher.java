/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;

/**
 * Searches a {@link Bm25IndexBuilder} index with BM25. A query is a bag of words as in Anserini: its analyzed
 * terms are OR-ed, each term once with its count in the query as the boost. Thread-safe: one searcher serves any
 * number of threads.
 */
public final class Bm25Searcher implements Retriever {
  private final Path indexDir;
  private final Bm25Settings settings;
  private final FSDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Analyzer analyzer;

  public Bm25Searcher(Path indexDir, Bm25Settings settings) {
    IndexManifest manifest = IndexManifest.read(indexDir);
    if (!Bm25IndexBuilder.KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(indexDir + " is a " + manifest.kind() + " index, not a bm25 index");
    }
    this.indexDir = indexDir;
    this.settings = settings;
    this.analyzer = Analyzers.forName(manifest.settings().getOrDefault("analyzer", Analyzers.ENGLISH));
    try {
      this.directory = FSDirectory.open(indexDir);
      this.reader = DirectoryReader.open(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open index " + indexDir + ": " + e.getMessage(), e);
    }
    this.searcher = new IndexSearcher(reader);
    this.searcher.setSimilarity(new BM25Similarity(settings.k1(), settings.b()));
  }

  /** The Lucene query for a text: one SHOULD clause per distinct term, boosted by its count. */
  public Query query(String text) {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    termCounts(text).forEach((term, count) -> builder.add(
        new BoostQuery(new TermQuery(new Term(Bm25IndexBuilder.CONTENTS, term)), count),
        BooleanClause.Occur.SHOULD));
    return builder.build();
  }

  /** A text's analyzed terms, each with its count, in order of first occurrence. */
  Map<String, Integer> termCounts(String text) {
    return Analyzers.termCounts(analyzer, Bm25IndexBuilder.CONTENTS, text);
  }

  /** The Lucene searcher, with this searcher's BM25 similarity, for its corpus statistics. */
  IndexSearcher indexSearcher() {
    return searcher;
  }

  @Override
  public List<ScoredDocument> search(String text, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; got " + k);
    }
    try {
      return withIds(topDocs(text, k).scoreDocs);
    } catch (IOException e) {
      throw new UncheckedIOException("search failed in " + indexDir + ": " + e.getMessage(), e);
    }
  }

  /** Lucene's top {@code k} hits of a text. */
  TopDocs topDocs(String text, int k) throws IOException {
    return searcher.search(query(text), Math.min(k, Math.max(1, reader.maxDoc())));
  }

  /** Looks hits' ids up in doc-id order, one forward pass over each segment's doc values. */
  List<ScoredDocument> withIds(ScoreDoc[] hits) throws IOException {
    Integer[] order = new Integer[hits.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> hits[i].doc));
    String[] ids = new String[hits.length];
    List<LeafReaderContext> leaves = reader.leaves();
    int leafIndex = -1;
    LeafReaderContext leaf = null;
    BinaryDocValues values = null;
    for (int i : order) {
      int doc = hits[i].doc;
      int sub = ReaderUtil.subIndex(doc, leaves);
      if (sub != leafIndex) {
        leafIndex = sub;
        leaf = leaves.get(sub);
        values = leaf.reader().getBinaryDocValues(Bm25IndexBuilder.ID);
      }
      if (values == null || !values.advanceExact(doc - leaf.docBase)) {
        throw new IllegalStateException(indexDir + ": document " + doc + " has no id");
      }
      ids[i] = values.binaryValue().utf8ToString();
    }
    List<ScoredDocument> results = new ArrayList<>(hits.length);
    for (int i = 0; i < hits.length; i++) {
      results.add(new ScoredDocument(ids[i], hits[i].score));
    }
    return results;
  }

  @Override
  public boolean containsDocument(String docId) {
    try {
      return searcher.count(new TermQuery(new Term(Bm25IndexBuilder.ID, docId))) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long documentCount() {
    return reader.numDocs();
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Bm25Searcher[" + indexDir + ", " + settings + ", documents=" + reader.numDocs() + "]";
  }
}
