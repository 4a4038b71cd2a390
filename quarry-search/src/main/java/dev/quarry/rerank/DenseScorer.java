/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.vector.Encoder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dense model as a pointwise scorer: the inner product of the query's and each passage's vectors. Passage vectors
 * are kept (up to {@code capacity}, least recently used out), since a distillation round scores the same passages
 * for many queries: on SciFact train, 24,270 candidates are 5,183 passages at most.
 */
public final class DenseScorer implements Reranker {
  private final Encoder encoder;
  private final Map<String, float[]> vectors;

  public DenseScorer(Encoder encoder, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0; got " + capacity);
    }
    this.encoder = encoder;
    this.vectors = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public String modelId() {
    return "dense:" + encoder.modelId();
  }

  @Override
  public synchronized float[] score(String query, List<String> passages) {
    float[] q = encoder.encodeQueries(List.of(query))[0];
    float[][] p = new float[passages.size()][];
    Set<String> missing = new LinkedHashSet<>();
    for (int i = 0; i < p.length; i++) {
      p[i] = vectors.get(passages.get(i));
      if (p[i] == null) {
        missing.add(passages.get(i));
      }
    }
    if (!missing.isEmpty()) {
      List<String> texts = List.copyOf(missing);
      float[][] encoded = encoder.encodePassages(texts);
      Map<String, float[]> fresh = new HashMap<>();
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
      double dot = 0;
      for (int d = 0; d < q.length; d++) {
        dot += q[d] * p[i][d];
      }
      s[i] = (float) dot;
    }
    return s;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
