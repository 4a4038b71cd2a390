/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.search;

import dev.quarry.core.Phase;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelSource;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import java.util.List;

/**
 * A retriever evaluated on a BEIR split as {@code quarry evaluate} does it by default: BM25 with Anserini's settings,
 * a dense model at its own recipe with exact search, or a ColBERT model's compressed index searched by PLAID, over indexes kept in an {@link IndexCache}; the split's
 * judged queries searched to depth 1,000 and scored with trec_eval's metrics. Training runs call it on the models
 * they export, {@code quarry reproduce} on its configurations.
 */
public final class DatasetEvaluation {
  /** The metrics {@code evaluate} prints by default. */
  public static final List<Metric> METRICS = Metric.parseList("ndcg@10,recall@100,recall@1000,mrr@10,map");
  /** Documents retrieved per query. */
  public static final int DEPTH = 1000;

  /** The run and its evaluation. */
  public record Result(Run run, Evaluation evaluation) {}

  private DatasetEvaluation() {}

  public static Result bm25(BeirDataset data, String split, IndexCache cache, int threads,
      ProgressFactory progress) {
    try (Retriever retriever = new Bm25Searcher(cache.bm25(data.corpusFile(), false, progress).path(),
        Bm25Settings.ANSERINI)) {
      return search(retriever, data, split, threads, progress);
    }
  }

  public static Result dense(BeirDataset data, String split, ModelSource model, IndexCache cache, int threads,
      ProgressFactory progress) {
    OnnxEncoder encoder = new OnnxEncoder(model, OnnxEncoder.DEFAULT_BATCH, threads, 0);
    DenseRetriever retriever;
    try {
      retriever = DenseRetriever.openCached(cache.dense(data.corpusFile(), encoder, DenseIndexSettings.FLAT, threads,
          false, progress).path(), encoder, DenseSearchSettings.DEFAULTS);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
    try (retriever) {
      return search(retriever, data, split, threads, progress);
    }
  }

  /** A ColBERT model: its compressed index (cached) searched by PLAID at ColBERTv2's defaults for the depth. */
  public static Result colbert(BeirDataset data, String split, ModelSource model, IndexCache cache, int threads,
      ProgressFactory progress) {
    OnnxColbertEncoder encoder = new OnnxColbertEncoder(model, OnnxEncoder.DEFAULT_BATCH, threads, 1, 0);
    ColbertRetriever retriever;
    try {
      retriever = ColbertRetriever.open(cache.colbert(data.corpusFile(), encoder, ColbertIndexSettings.DEFAULTS,
          threads, false, progress).path(), encoder, ColbertRetriever.Mode.PLAID, PlaidSettings.DEFAULTS);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
    try (retriever) {
      return search(retriever, data, split, threads, progress);
    }
  }

  /** A first-stage model by its kind: a dual encoder or ColBERT. */
  public static Result model(BeirDataset data, String split, ModelSource model, IndexCache cache, int threads,
      ProgressFactory progress) {
    return model.kind() == ModelKind.COLBERT ? colbert(data, split, model, cache, threads, progress)
        : dense(data, split, model, cache, threads, progress);
  }

  private static Result search(Retriever retriever, BeirDataset data, String split, int threads,
      ProgressFactory progress) {
    Qrels qrels = data.qrels(split);
    Queries judged = data.queries().filter(qrels::contains);
    Run run;
    try (ProgressFactory.Tracker p = progress.start(Phase.SEARCHING, judged.size())) {
      run = BatchSearch.search(retriever, judged, DEPTH, threads, p);
    }
    return new Result(run, new Evaluator(qrels, METRICS).evaluate(run));
  }
}
