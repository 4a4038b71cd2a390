/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.core.testing.SharedData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published Anserini BM25-flat figures on BEIR SciFact, reproduced on the real data. */
class Bm25SciFactTest {
  @TempDir static Path temp;
  private static Path index;

  /** One index of SciFact for both tests (built once: it is the slow part). */
  private static synchronized Path index(BeirDataset scifact) {
    if (index == null) {
      index = temp.resolve("index");
      new Bm25IndexBuilder().build(scifact.corpusFile(), index, false, Progress.NONE);
    }
    return index;
  }

  @Test
  void reproducesAnseriniFlatOnSciFactTest() {
    BeirDataset scifact = SharedData.require("scifact");
    Path index = index(scifact);
    Qrels qrels = scifact.qrels("test");
    Queries queries = scifact.queries().filter(qrels::contains);
    try (Bm25Searcher searcher = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
      assertEquals(5183, searcher.documentCount());
      Run run = BatchSearch.search(searcher, queries, 1000, 2, Progress.NONE);
      Evaluation eval = new Evaluator(qrels, Metric.parseList("ndcg@10,recall@100")).evaluate(run);
      assertEquals(300, eval.queryCount());
      assertEquals(0.6789, eval.mean("ndcg@10"), 0.00005);
      assertEquals(0.9253, eval.mean("recall@100"), 0.00005);
    }
  }

  @Test
  void theRerankerGivesTheSearchersScoresOnSciFact() {
    BeirDataset scifact = SharedData.require("scifact");
    Path index = index(scifact);
    Map<String, String> texts = new HashMap<>();
    try (CorpusReader corpus = scifact.openCorpus()) {
      corpus.forEach(d -> texts.put(d.id(), d.contents()));
    }
    Queries queries = scifact.queries().filter(scifact.qrels("test")::contains);
    try (Bm25Searcher searcher = new Bm25Searcher(index, Bm25Settings.ANSERINI);
        Bm25Reranker reranker = new Bm25Reranker(index, Bm25Settings.ANSERINI)) {
      int compared = 0;
      for (Map.Entry<String, String> q : queries.asMap().entrySet().stream().limit(30).toList()) {
        List<ScoredDocument> hits = searcher.search(q.getValue(), 50);
        float[] scores = reranker.score(q.getValue(), hits.stream().map(h -> texts.get(h.docId())).toList());
        for (int i = 0; i < hits.size(); i++) {
          assertEquals(hits.get(i).score(), scores[i], 1e-4 * hits.get(i).score(), q.getKey() + " " + hits.get(i));
          compared++;
        }
      }
      assertEquals(30 * 50, compared);
      // a passage without a query term scores 0
      assertEquals(0f, reranker.score("zebra xylophone", List.of("apoptosis of T cells"))[0]);
    }
  }
}
