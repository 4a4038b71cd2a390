/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.train.config.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetTest {
  @TempDir Path temp;

  /** 20 queries q0..q19, each judging d0; q0..q9 as relevant (1), q10..q19 as not (0). */
  private BeirDataset dataset() throws IOException {
    StringBuilder queries = new StringBuilder();
    StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
    for (int q = 0; q < 20; q++) {
      queries.append("{\"_id\": \"q").append(q).append("\", \"text\": \"query ").append(q).append("\"}\n");
      qrels.append("q").append(q).append("\td0\t").append(q < 10 ? 1 : 0).append('\n');
    }
    Files.writeString(temp.resolve("corpus.jsonl"), "{\"_id\": \"d0\", \"title\": \"\", \"text\": \"a document\"}\n");
    Files.writeString(temp.resolve("queries.jsonl"), queries);
    Files.createDirectories(temp.resolve("qrels"));
    Files.writeString(temp.resolve("qrels/train.tsv"), qrels);
    return new BeirDataset(temp);
  }

  @Test
  void maxQueriesSamplesQueriesWithARelevantDocumentReproducibly() throws IOException {
    BeirDataset data = dataset();
    TrainingConfig config = new TrainingConfig();
    config.maxQueries = 4;
    Qrels sample = TrainingSet.qrels(data, config);
    assertEquals(4, sample.size());
    for (String q : sample.queryIds()) {
      assertEquals(1, sample.judgments(q).get("d0"), q + " has a relevant document");
    }
    assertEquals(sample.queryIds(), TrainingSet.qrels(data, config).queryIds(), "same seed, same sample");
    config.seed = 7;
    assertNotEquals(sample.queryIds(), TrainingSet.qrels(data, config).queryIds());

    config.maxQueries = 0;
    assertEquals(20, TrainingSet.qrels(data, config).size(), "0 keeps every judged query");
    config.maxQueries = 10;
    assertEquals(20, TrainingSet.qrels(data, config).size(), "a limit at or above the count keeps all");
    config.maxQueries = -1;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config.validate(TrainingConfig.Use.TRAIN));
    assertTrue(e.getMessage().contains("maxQueries"), e.getMessage());
  }
}
