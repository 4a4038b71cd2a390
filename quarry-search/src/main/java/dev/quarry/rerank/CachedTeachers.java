/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.rerank;

import dev.quarry.core.rerank.PairwiseReranker;
import dev.quarry.core.rerank.Reranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rerankers in front of a {@link TeacherScoreCache}: only inputs never scored before reach the model. */
public final class CachedTeachers {
  private CachedTeachers() {}

  /** Pointwise scores of {@code docIds} for a query; texts by id. */
  public static float[] score(Reranker teacher, TeacherScoreCache cache, String query, List<String> docIds,
      Map<String, String> texts) {
    float[] scores = new float[docIds.size()];
    List<Integer> missing = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      String key = TeacherScoreCache.key(query, docIds.get(i));
      Float cached = cache.get(key);
      if (cached == null) {
        missing.add(i);
        keys.add(key);
      } else {
        scores[i] = cached;
      }
    }
    if (!missing.isEmpty()) {
      float[] fresh = teacher.score(query, missing.stream().map(i -> text(texts, docIds.get(i))).toList());
      for (int m = 0; m < fresh.length; m++) {
        scores[missing.get(m)] = fresh[m];
      }
      cache.putAll(keys, fresh);
    }
    return scores;
  }

  /** P(first &gt; second) for each pair of doc ids, {@code pairs[k] = {first, second}}. */
  public static float[] preferences(PairwiseReranker teacher, TeacherScoreCache cache, String query,
      List<String[]> pairs, Map<String, String> texts) {
    float[] p = new float[pairs.size()];
    List<Integer> missing = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      String key = TeacherScoreCache.key(query, pairs.get(i)[0], pairs.get(i)[1]);
      Float cached = cache.get(key);
      if (cached == null) {
        missing.add(i);
        keys.add(key);
      } else {
        p[i] = cached;
      }
    }
    if (!missing.isEmpty()) {
      float[] fresh = teacher.preferences(query, missing.stream()
          .map(i -> new String[] {text(texts, pairs.get(i)[0]), text(texts, pairs.get(i)[1])}).toList());
      for (int m = 0; m < fresh.length; m++) {
        p[missing.get(m)] = fresh[m];
      }
      cache.putAll(keys, fresh);
    }
    return p;
  }

  private static String text(Map<String, String> texts, String id) {
    String text = texts.get(id);
    if (text == null) {
      throw new IllegalArgumentException("document '" + id + "' is not in the corpus");
    }
    return text;
  }
}
