/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import dev.quarry.core.vector.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Approximate search on Lucene's HNSW graph (float, int8 or 1-bit vectors in the graph), asking the graph for
 * {@code max(k, efSearch)} candidates and re-scoring them with exact inner products from the float store, so that
 * scores are exact whatever the graph holds. Thread-safe.
 */
public final class HnswVectorIndex implements VectorIndex {
  static final String VECTOR = "vector";
  static final String ROW = "row";

  private final FSDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final ExactRescorer rescorer;
  private final int dimension;
  private final int efSearch;

  HnswVectorIndex(Path luceneDir, ExactRescorer rescorer, int dimension, int efSearch) {
    try {
      this.directory = FSDirectory.open(luceneDir);
      this.reader = DirectoryReader.open(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open HNSW index " + luceneDir + ": " + e.getMessage(), e);
    }
    this.searcher = new IndexSearcher(reader);
    this.rescorer = rescorer;
    this.dimension = dimension;
    this.efSearch = efSearch;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public long size() {
    return reader.numDocs();
  }

  @Override
  public Hits search(float[] query, int k) {
    if (query.length != dimension) {
      throw new IllegalArgumentException("query has " + query.length + " dimensions; the index has " + dimension);
    }
    try {
      TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, Math.max(k, efSearch)),
          Math.max(k, efSearch));
      return rescorer.rescore(query, rows(top.scoreDocs), k);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long[] rows(ScoreDoc[] hits) throws IOException {
    long[] rows = new long[hits.length];
    List<LeafReaderContext> leaves = reader.leaves();
    for (int i = 0; i < hits.length; i++) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hits[i].doc, leaves));
      NumericDocValues values = leaf.reader().getNumericDocValues(ROW);
      if (values == null || !values.advanceExact(hits[i].doc - leaf.docBase)) {
        throw new IllegalStateException("HNSW document " + hits[i].doc + " has no row");
      }
      rows[i] = values.longValue();
    }
    return rows;
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      rescorer.close();
    }
  }

  @Override
  public String toString() {
    return "HnswVectorIndex[rows=" + size() + ", dimension=" + dimension + ", efSearch=" + efSearch + "]";
  }
}
