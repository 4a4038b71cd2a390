/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import dev.quarry.core.rerank.Reranker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pointwise cross-encoder reranker (Nogueira and Cho, "Passage Re-ranking with BERT", 2019): {@code [CLS] query
 * [SEP] passage [SEP]} to one relevance score, on ONNX Runtime. Reads a Hugging Face cross-encoder export or a
 * reranker Quarry trained (see {@link SequenceScorer} for the folder). Thread-safe.
 */
public final class OnnxCrossEncoder implements Reranker {
  private final SequenceScorer scorer;

  public OnnxCrossEncoder(Path folder, int batchSize, int threads) {
    this.scorer = new SequenceScorer(folder, ModelKind.CROSS_ENCODER, batchSize, threads);
  }

  @Override
  public String modelId() {
    return scorer.id();
  }

  @Override
  public float[] score(String query, List<String> passages) {
    List<TextTokenizer.Tokens> pairs = new ArrayList<>(passages.size());
    for (String p : passages) {
      pairs.add(scorer.tokenizer().encodePair(query, p));
    }
    return scorer.score(pairs);
  }

  /** Pairs truncated to the maximum length so far. */
  public long truncatedCount() {
    return scorer.tokenizer().truncatedCount();
  }

  @Override
  public void close() {
    scorer.close();
  }
}
