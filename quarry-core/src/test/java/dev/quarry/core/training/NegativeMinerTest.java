/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.core.Progress;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.Retriever;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Negatives come from the window of a ranking, never a judged-relevant or unknown document. */
class NegativeMinerTest {
  /** Ranks d0, d1, ... d9 for every query ("a") or d9 .. d0 ("b"). */
  private static Retriever ranking(String order) {
    return new Retriever() {
      @Override
      public List<ScoredDocument> search(String query, int k) {
        List<ScoredDocument> hits = new ArrayList<>();
        for (int i = 0; i < Math.min(k, 10); i++) {
          int d = order.equals("a") ? i : 9 - i;
          hits.add(new ScoredDocument("d" + d, 10 - i));
        }
        return hits;
      }

      @Override
      public boolean containsDocument(String docId) {
        return true;
      }

      @Override
      public long documentCount() {
        return 10;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void minesTheWindowSkippingJudgedRelevantAndUnknownDocuments() {
    Map<String, String> corpus = new LinkedHashMap<>();
    for (int d = 0; d < 10; d++) {
      if (d != 3) {
        corpus.put("d" + d, "text " + d);
      }
    }
    Queries queries = new Queries(Map.of("q1", "first", "q2", "second", "q3", "nothing relevant"));
    Qrels qrels = new Qrels(Map.of("q1", Map.of("d0", 1, "d2", 1, "d4", 0), "q2", Map.of("d9", 2),
        "q3", Map.of("d1", 0)));
    NegativeMiner miner = new NegativeMiner(1, 6);
    List<TrainingExample> mined = miner.mine(queries, qrels, corpus, ranking("a"), 1, Progress.NONE);
    assertEquals(2, mined.size(), "a query with no relevant document gives no example");
    TrainingExample q1 = mined.stream().filter(e -> e.queryId().equals("q1")).findFirst().orElseThrow();
    assertEquals(List.of("d0", "d2"), q1.positives().stream().map(TrainingExample.Passage::id).sorted().toList());
    // ranks 1..5 are d1..d5: d2 is relevant, d3 is not in the corpus, d4 judged non-relevant is the best negative
    assertEquals(List.of("d1", "d4", "d5"), q1.negatives().stream().map(TrainingExample.Passage::id).toList());
    List<TrainingExample> remined = miner.remine(mined, qrels, corpus, ranking("b"), 1, Progress.NONE);
    TrainingExample again = remined.stream().filter(e -> e.queryId().equals("q1")).findFirst().orElseThrow();
    assertEquals(q1.positives(), again.positives(), "a refresh keeps the positives");
    assertEquals(List.of("d8", "d7", "d6", "d5", "d4"), again.negatives().stream().map(TrainingExample.Passage::id)
        .toList(), "and takes the new ranking's window");
    assertThrows(IllegalArgumentException.class, () -> new NegativeMiner(5, 5));
  }
}
