/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.data.DataFormatException;
import dev.quarry.core.data.ScoredDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bm25IndexTest {
  @TempDir Path temp;

  private Path corpus(String lines) throws IOException {
    Path file = temp.resolve("corpus.jsonl");
    Files.writeString(file, lines);
    return file;
  }

  @Test
  void searchesWithEnglishAnalysisAndHonoursK() throws IOException {
    Path corpus = corpus("""
        {"_id": "a", "title": "Running", "text": "The runner runs every morning."}
        {"_id": "b", "title": "", "text": "A run in the park; runners' shoes."}
        {"_id": "c", "title": "Swimming", "text": "Swimmers swim."}
        """);
    Path index = temp.resolve("index");
    AtomicLong progress = new AtomicLong();
    assertEquals(3, new Bm25IndexBuilder().build(corpus, index, false, progress::addAndGet).documents());
    assertEquals(3, progress.get());
    try (Bm25Searcher searcher = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
      // Porter stemming: "runs" matches "run", "runner's" → "runner"; the stop word "the" matches nothing.
      List<ScoredDocument> hits = searcher.search("runs", 10);
      assertEquals(List.of("a", "b"), hits.stream().map(ScoredDocument::docId).sorted().toList());
      assertEquals(1, searcher.search("runs", 1).size());
      assertEquals(List.of(), searcher.search("the", 10));
      assertEquals(List.of(), searcher.search("", 10));
      assertTrue(searcher.containsDocument("c"));
      assertFalse(searcher.containsDocument("z"));
      assertEquals(3, searcher.documentCount());
      // A repeated query term counts twice (Anserini's bag of words), which can change the order.
      double once = searcher.search("swim", 1).get(0).score();
      double twice = searcher.search("swim swim", 1).get(0).score();
      assertEquals(2 * once, twice, 1e-5);
      assertThrows(IllegalArgumentException.class, () -> searcher.search("x", 0));
    }
  }

  @Test
  void aFailedBuildLeavesNoIndex() throws IOException {
    Path corpus = corpus("{\"_id\": \"a\", \"text\": \"fine\"}\n{\"_id\": \"b\", \"text\": \"broken\n");
    Path index = temp.resolve("index");
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> new Bm25IndexBuilder().build(corpus, index, false, Progress.NONE));
    assertEquals(2, e.line());
    try (var files = Files.list(temp)) {
      assertEquals(List.of(corpus), files.toList(), "neither the index nor its temporary folder remains");
    }
  }

  @Test
  void refusesToSearchWhatIsNotABm25Index() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Bm25Searcher(empty, Bm25Settings.ANSERINI));
    assertTrue(e.getMessage().contains("not a complete Quarry index"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Bm25Settings(0.9f, 1.5f));
    assertThrows(IllegalArgumentException.class, () -> new Bm25Settings(-1f, 0.4f));
  }
}
