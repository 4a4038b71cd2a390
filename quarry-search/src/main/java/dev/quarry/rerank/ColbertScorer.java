/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.vector.MaxSim;
import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ColBERT model as a pointwise scorer (a {@code --reranker}, a fused teacher's member): MaxSim (Khattab and
 * Zaharia, SIGIR 2020) of the query's token vectors with each candidate's, freshly encoded and kept (up to
 * {@code capacity} passages, least recently used out), since a distillation round scores the same passages for many
 * queries. Scores are {@link MaxSim#exact}: the same in every run.
 */
public final class ColbertScorer implements Reranker {
  private final TokenEncoder encoder;
  private final Map<String, TokenVectors> vectors;

  public ColbertScorer(TokenEncoder encoder, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0; got " + capacity);
    }
    this.encoder = encoder;
    this.vectors = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenVectors> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public String modelId() {
    return "colbert:" + encoder.modelId();
  }

  @Override
  public synchronized float[] score(String query, List<String> passages) {
    TokenVectors q = encoder.encodeQueries(List.of(query))[0];
    TokenVectors[] p = new TokenVectors[passages.size()];
    Set<String> missing = new LinkedHashSet<>();
    for (int i = 0; i < p.length; i++) {
      p[i] = vectors.get(passages.get(i));
      if (p[i] == null) {
        missing.add(passages.get(i));
      }
    }
    if (!missing.isEmpty()) {
      List<String> texts = List.copyOf(missing);
      TokenVectors[] encoded = encoder.encodePassages(texts);
      Map<String, TokenVectors> fresh = new HashMap<>();
      for (int i = 0; i < encoded.length; i++) {
        fresh.put(texts.get(i), encoded[i]);
      }
      for (int i = 0; i < p.length; i++) {
        p[i] = p[i] != null ? p[i] : fresh.get(passages.get(i));
      }
      vectors.putAll(fresh);
    }
    float[] s = new float[p.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = MaxSim.exact(q, p[i]);
    }
    return s;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
