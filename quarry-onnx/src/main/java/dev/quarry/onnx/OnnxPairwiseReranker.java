/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import dev.quarry.core.rerank.PairwiseReranker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pairwise reranker on ONNX Runtime: {@code [CLS] query [SEP] first [SEP] second [SEP]} to one logit, whose
 * sigmoid is P(first more relevant than second), duoBERT-style (Pradeep et al. 2021). Thread-safe.
 */
public final class OnnxPairwiseReranker implements PairwiseReranker {
  /** Query tokens kept in a triple; the passages share the rest. */
  public static final int QUERY_TOKENS = 64;

  private final SequenceScorer scorer;

  public OnnxPairwiseReranker(Path folder, int batchSize, int threads) {
    this.scorer = new SequenceScorer(folder, ModelKind.PAIRWISE, batchSize, threads);
  }

  @Override
  public String modelId() {
    return scorer.id();
  }

  @Override
  public float[] preferences(String query, List<String[]> pairs) {
    List<TextTokenizer.Tokens> triples = new ArrayList<>(pairs.size());
    for (String[] pair : pairs) {
      triples.add(scorer.tokenizer().encodeTriple(query, pair[0], pair[1], QUERY_TOKENS));
    }
    float[] logits = scorer.score(triples);
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
    }
    return p;
  }

  @Override
  public void close() {
    scorer.close();
  }
}
