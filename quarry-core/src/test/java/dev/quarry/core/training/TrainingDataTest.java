/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-file reader: round trips, and bad input reported with its line. */
class TrainingDataTest {
  @TempDir Path temp;

  private static final Map<String, String> CORPUS = Map.of("d1", "one", "d2", "two", "d3", "three");

  @Test
  void roundTripsWithScoresAndPairs() {
    Path file = temp.resolve("train.jsonl");
    TrainingExample e = new TrainingExample("q1", "query", List.of(new TrainingExample.Passage("d1", "one", 2.5)),
        List.of(new TrainingExample.Passage("d2", "two", -1.0)),
        List.of(new TrainingExample.PairPreference("d1", "d2", 0.75)));
    TrainingData.write(file, List.of(e), false);
    TrainingExample read = TrainingData.read(file, CORPUS).get(0);
    assertEquals(e.positives(), read.positives());
    assertEquals(e.negatives(), read.negatives());
    assertEquals(0.75, read.pairs().get(0).probability(), 1e-12, "written as log_p, read back");
  }

  @Test
  void reportsBadLinesAndDropsNegativesThatArePositives() throws IOException {
    Path noPositives = temp.resolve("a.jsonl");
    Files.writeString(noPositives, """
        {"query_id": "q1", "query": "x", "positives": [{"id": "d1"}]}
        {"query_id": "q2", "query": "y", "positives": [], "negatives": [{"id": "d2"}]}
        """);
    DataFormatException e = assertThrows(DataFormatException.class, () -> TrainingData.read(noPositives, CORPUS));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("has no positives"), e.getMessage());

    Path unknown = temp.resolve("b.jsonl");
    Files.writeString(unknown, "{\"query_id\": \"q1\", \"query\": \"x\", \"positives\": [{\"id\": \"d9\"}]}\n");
    assertTrue(assertThrows(DataFormatException.class, () -> TrainingData.read(unknown, CORPUS)).getMessage()
        .contains("passage 'd9' has no text and is not in the corpus"));

    Path badPair = temp.resolve("c.jsonl");
    Files.writeString(badPair, "{\"query_id\": \"q1\", \"query\": \"x\", \"positives\": [{\"id\": \"d1\"}],"
        + " \"pairs\": [{\"i\": \"d1\", \"j\": \"d2\", \"p\": 1.5}]}\n");
    assertTrue(assertThrows(DataFormatException.class, () -> TrainingData.read(badPair, CORPUS)).getMessage()
        .contains("pair probability must be in [0, 1]"));

    Path malformed = temp.resolve("d.jsonl");
    Files.writeString(malformed, "{\"query_id\": \"q1\",\n");
    assertEquals(1, assertThrows(DataFormatException.class, () -> TrainingData.read(malformed, CORPUS)).line());

    Path overlapping = temp.resolve("e.jsonl");
    Files.writeString(overlapping, "{\"query_id\": \"q1\", \"query\": \"x\", \"positives\": [{\"id\": \"d1\"}],"
        + " \"negatives\": [{\"id\": \"d1\"}, {\"id\": \"d3\"}]}\n");
    TrainingExample read = TrainingData.read(overlapping, CORPUS).get(0);
    assertEquals(List.of("d3"), read.negatives().stream().map(TrainingExample.Passage::id).toList());
  }
}
