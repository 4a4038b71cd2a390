/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A slice of real SciFact for CI: all 300 test queries, every document judged relevant for them, and, up to
 * {@code size}, the other documents that share the most words with some query (the distractors a retriever is most
 * likely to confuse). Since the slice keeps every relevant document and only drops non-relevant ones, no relevant
 * document can rank lower on the slice than on the full corpus: a model's nDCG@10 on the slice is at least its
 * full-corpus figure, and hard distractors keep it close to it.
 */
record SciFactSlice(Queries queries, Qrels qrels, List<Document> documents) {
  static SciFactSlice load(int size) {
    BeirDataset scifact = SharedData.require("scifact");
    Qrels qrels = scifact.qrels("test");
    Queries queries = scifact.queries().filter(qrels::contains);
    Set<String> relevant = new HashSet<>();
    qrels.queryIds().forEach(q -> relevant.addAll(qrels.judgments(q).keySet()));
    List<Set<String>> queryWords = queries.asMap().values().stream().map(SciFactSlice::words).toList();
    List<Document> kept = new ArrayList<>();
    List<Document> others = new ArrayList<>();
    Map<String, Integer> overlap = new HashMap<>();
    try (CorpusReader reader = scifact.openCorpus()) {
      for (Document d : reader) {
        if (relevant.contains(d.id())) {
          kept.add(d);
        } else {
          Set<String> docWords = words(d.contents());
          int best = 0;
          for (Set<String> q : queryWords) {
            int shared = 0;
            for (String w : q) {
              if (docWords.contains(w)) {
                shared++;
              }
            }
            best = Math.max(best, shared);
          }
          overlap.put(d.id(), best);
          others.add(d);
        }
      }
    }
    others.sort(Comparator.comparingInt((Document d) -> -overlap.get(d.id())).thenComparing(Document::id));
    kept.addAll(others.subList(0, Math.max(0, Math.min(others.size(), size - kept.size()))));
    return new SciFactSlice(queries, qrels, kept);
  }

  /** Lower-cased words of four letters or more (short words are mostly function words). */
  private static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.length() >= 4) {
        words.add(w);
      }
    }
    return words;
  }

  List<String> texts() {
    return documents.stream().map(Document::contents).toList();
  }

  /** The exact top-100 run of query vectors against document vectors. */
  Run run(float[][] queryVectors, float[][] docVectors) {
    Run run = new Run();
    List<String> ids = new ArrayList<>(queries.ids());
    for (int q = 0; q < ids.size(); q++) {
      List<ScoredDocument> scored = new ArrayList<>();
      for (int d = 0; d < docVectors.length; d++) {
        double s = 0;
        for (int i = 0; i < docVectors[d].length; i++) {
          s += queryVectors[q][i] * docVectors[d][i];
        }
        scored.add(new ScoredDocument(documents.get(d).id(), (float) s));
      }
      scored.sort(ScoredDocument.TREC_EVAL_ORDER);
      run.put(ids.get(q), scored.subList(0, Math.min(100, scored.size())));
    }
    return run;
  }
}
