package dev.quarry.train.distill;

import dev.quarry.core.rerank.PairwiseReranker;
import dev.quarry.core.rerank.Reranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rerankers in front of a {@link TeacherScoreCache}: only inputs never scored before reach the model. */
public final class CachedTeachers {
  private CachedTeachers() {}

  /** Pointwise scores of {@code docIds} for a query; texts by id. */
  public static float[] score(Reranker teacher, TeacherScoreCache cache, String queryId, String query,
      List<String> docIds, Map<String, String> texts) {
    float[] scores = new float[docIds.size()];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      Float cached = cache.get(TeacherScoreCache.key(queryId, docIds.get(i)));
      if (cached == null) {
        missing.add(i);
      } else {
        scores[i] = cached;
      }
    }
    if (!missing.isEmpty()) {
      float[] fresh = teacher.score(query, missing.stream().map(i -> texts.get(docIds.get(i))).toList());
      for (int m = 0; m < fresh.length; m++) {
        int i = missing.get(m);
        scores[i] = fresh[m];
        cache.put(TeacherScoreCache.key(queryId, docIds.get(i)), fresh[m]);
      }
    }
    return scores;
  }

  /** P(first &gt; second) for each pair of doc ids, {@code pairs[k] = {first, second}}. */
  public static float[] preferences(PairwiseReranker teacher, TeacherScoreCache cache, String queryId, String query,
      List<String[]> pairs, Map<String, String> texts) {
    float[] p = new float[pairs.size()];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      Float cached = cache.get(TeacherScoreCache.key(queryId, pairs.get(i)[0], pairs.get(i)[1]));
      if (cached == null) {
        missing.add(i);
      } else {
        p[i] = cached;
      }
    }
    if (!missing.isEmpty()) {
      float[] fresh = teacher.preferences(query, missing.stream()
          .map(i -> new String[] {texts.get(pairs.get(i)[0]), texts.get(pairs.get(i)[1])}).toList());
      for (int m = 0; m < fresh.length; m++) {
        int i = missing.get(m);
        p[i] = fresh[m];
        cache.put(TeacherScoreCache.key(queryId, pairs.get(i)[0], pairs.get(i)[1]), fresh[m]);
      }
    }
    return p;
  }
}
