/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Quarry as a library: the stable entry points. Everything a program needs to index, search, encode, rerank, fuse and
 * evaluate starts here; every other package of Quarry is internal and may change between versions (docs/API.md).
 *
 * <p>A BM25 search of a BEIR dataset, evaluated:
 * <pre>{@code
 * Dataset scifact = Dataset.open("scifact");
 * Path index = IndexBuilder.bm25().build(scifact.corpus(), Path.of("indexes/scifact-bm25"));
 * try (Index bm25 = Index.open(index)) {
 *   Run run = bm25.search(scifact.judgedQueries("test"), 100);
 *   double ndcg = Evaluations.evaluate(run, scifact.qrels("test"), "ndcg@10").mean("ndcg@10");
 * }
 * }</pre>
 *
 * <p>Runs, queries, judgments and evaluations are Quarry's core value types
 * ({@link dev.quarry.core.data.Run}, {@link dev.quarry.core.data.Queries}, {@link dev.quarry.core.data.Qrels},
 * {@link dev.quarry.core.data.ScoredDocument}, {@link dev.quarry.core.eval.Evaluation},
 * {@link dev.quarry.core.eval.PairedComparison}); the methods of theirs that docs/API.md lists are stable too.
 */
package dev.quarry.api;
