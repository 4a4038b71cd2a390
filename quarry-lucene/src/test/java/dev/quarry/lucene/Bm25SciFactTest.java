package dev.quarry.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.core.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published Anserini BM25-flat figures on BEIR SciFact, reproduced on the real data. */
class Bm25SciFactTest {
  @TempDir Path temp;

  @Test
  void reproducesAnseriniFlatOnSciFactTest() {
    BeirDataset scifact = SharedData.require("scifact");
    Path index = temp.resolve("index");
    new Bm25IndexBuilder().build(scifact.corpusFile(), index, false, Progress.NONE);
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
}
