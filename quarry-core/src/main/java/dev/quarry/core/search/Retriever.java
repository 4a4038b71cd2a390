/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.search;

import dev.quarry.core.data.ScoredDocument;
import java.util.List;

/**
 * A first-stage retriever: a query's text in, its top-k documents out. Implementations are thread-safe, so one
 * instance serves a batch of queries from several threads ({@link BatchSearch}).
 */
public interface Retriever extends AutoCloseable {

  /** The top {@code k} documents for the query, best first. */
  List<ScoredDocument> search(String query, int k);

  /** The top {@code k} documents for each query; a retriever may share work across the batch (one encoder call). */
  default List<List<ScoredDocument>> searchBatch(List<String> queries, int k) {
    return queries.stream().map(q -> search(q, k)).toList();
  }

  /** Whether the collection holds a document with this id (to check qrels against the index). */
  boolean containsDocument(String docId);

  /** The number of documents searched. */
  long documentCount();

  @Override
  void close();
}
