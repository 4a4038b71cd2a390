/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.quarry.core.rerank.PairwiseReranker;
import dev.quarry.rerank.CachedTeachers;
import dev.quarry.rerank.TeacherScoreCache;
import java.util.List;
import java.util.Map;

/**
 * A pairwise teacher as {@code distill} and {@code rerank --pairwise} use it: a {@link PairwiseReranker} (an ONNX
 * pairwise reranker, or a language model through {@link PrpReranker}) behind its {@link TeacherScoreCache}, so that
 * no (query, pair) is judged twice. Opened by {@link PairwiseTeachers#open}. Thread-safe if its reranker is.
 */
public final class PairwiseTeacher implements AutoCloseable {
  private final String spec;
  private final PairwiseReranker reranker;
  private final TeacherScoreCache cache;
  private final Completions llm;

  /** @param llm the language model behind the reranker, or null for a trained reranker */
  PairwiseTeacher(String spec, PairwiseReranker reranker, TeacherScoreCache cache, Completions llm) {
    this.spec = spec;
    this.reranker = reranker;
    this.cache = cache;
    this.llm = llm;
  }

  public PairwiseReranker reranker() {
    return reranker;
  }

  public TeacherScoreCache cache() {
    return cache;
  }

  /** P(first &gt; second) for each pair of document ids, through the cache; texts by id. */
  public float[] preferences(String query, List<String[]> pairs, Map<String, String> texts) {
    return CachedTeachers.preferences(reranker, cache, query, pairs, texts);
  }

  /** What the teacher is and where its judgements are kept, for the configuration a command prints. */
  public String describe() {
    return spec + (llm == null ? "" : " (" + reranker + ")") + ", judgements cached in " + cache.file();
  }

  /** For a language model, what it cost and how its answers were read; empty for a trained reranker. */
  public String summary(Pricing pricing) {
    return llm == null ? "" : llm.meter().describe(pricing) + "; " + ((PrpReranker) reranker).describe();
  }

  @Override
  public void close() {
    try {
      reranker.close();
    } finally {
      cache.close();
    }
  }
}
