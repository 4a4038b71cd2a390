/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.gla.terrier.jtreceval.trec_eval;

/** The foundation's acceptance: {@code evaluate} BM25 on SciFact prints 0.6789, and trec_eval agrees on its run. */
class SciFactEvaluateTest {
  @TempDir Path temp;

  @Test
  void bm25OnSciFactMatchesAnseriniAndTrecEvalScoresTheRunTheSame() throws IOException {
    BeirDataset scifact = SharedData.require("scifact");
    Path run = temp.resolve("bm25.trec");
    CliHarness r = CliHarness.run("evaluate", "--dataset", scifact.folder().toString(), "--split", "test",
        "--retriever", "bm25", "--run", run.toString(), "--cache", temp.resolve("cache").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(0.6789, r.mean("ndcg@10"), 1e-9);
    assertEquals(0.9253, r.mean("recall@100"), 1e-9);

    assumeTrue(trec_eval.isPlatformSupported(), "no trec_eval binary for this platform");
    Path trecQrels = temp.resolve("test.qrels");
    StringBuilder lines = new StringBuilder();
    Qrels qrels = scifact.qrels("test");
    for (String q : qrels.queryIds()) {
      qrels.judgments(q).forEach((d, rel) -> lines.append(q).append(" 0 ").append(d).append(' ').append(rel).append('\n'));
    }
    Files.writeString(trecQrels, lines);
    String[][] rows = new trec_eval().runAndGetOutput(new String[] {"-m", "ndcg_cut.10", "-m", "recall.100",
        trecQrels.toString(), run.toString()});
    Map<String, Double> theirs = new HashMap<>();
    for (String[] row : rows) {
      theirs.put(row[0].strip(), Double.parseDouble(row[2]));
    }
    assertEquals(r.mean("ndcg@10"), theirs.get("ndcg_cut_10"));
    assertEquals(r.mean("recall@100"), theirs.get("recall_100"));
  }
}
