/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.vector.MaxSim;
import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BM25's candidates re-scored through Lucene's LateInteractionRescorer give, for every hit, the MaxSim Quarry computes
 * itself over the same token vectors (an implementation no one here wrote against one of ours), in MaxSim order, and
 * only over BM25's top depth; an index without token vectors or of another model is refused.
 */
class Bm25MaxSimSearcherTest {
  @TempDir Path temp;

  /** One unit vector per word (seeded by the word), so that texts sharing words share token vectors. */
  static final class WordVectors implements TokenEncoder {
    private final String id;

    WordVectors(String id) {
      this.id = id;
    }

    static TokenVectors of(String text) {
      String[] words = text.toLowerCase(Locale.ROOT).split("\\W+");
      float[] values = new float[words.length * 8];
      for (int w = 0; w < words.length; w++) {
        SplittableRandom random = new SplittableRandom(words[w].hashCode());
        double norm = 0;
        for (int d = 0; d < 8; d++) {
          values[w * 8 + d] = (float) random.nextGaussian();
          norm += values[w * 8 + d] * values[w * 8 + d];
        }
        for (int d = 0; d < 8; d++) {
          values[w * 8 + d] /= (float) Math.sqrt(norm);
        }
      }
      return new TokenVectors(values, 8);
    }

    @Override
    public String modelId() {
      return id;
    }

    @Override
    public int dimension() {
      return 8;
    }

    @Override
    public int queryLength() {
      return 32;
    }

    @Override
    public TokenVectors[] encodeQueries(List<String> queries) {
      return queries.stream().map(WordVectors::of).toArray(TokenVectors[]::new);
    }

    @Override
    public TokenVectors[] encodePassages(List<String> passages) {
      return encodeQueries(passages);
    }

    @Override
    public long truncatedQueries() {
      return 0;
    }

    @Override
    public long truncatedPassages() {
      return 0;
    }

    @Override
    public void close() {}
  }

  private static final String[] WORDS = {"cell", "protein", "gene", "virus", "immune", "cancer", "brain", "heart",
      "blood", "drug", "trial", "mouse", "human", "risk", "dose"};

  private Map<String, String> corpus(Path file, int documents) throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    Map<String, String> texts = new HashMap<>();
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < documents; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 4 + random.nextInt(8); w++) {
        text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
      }
      texts.put("d" + i, text.toString());
      jsonl.append("{\"_id\": \"d").append(i).append("\", \"text\": \"").append(text).append("\"}\n");
    }
    Files.writeString(file, jsonl);
    return texts;
  }

  @Test
  void rescoresBm25sCandidatesByMaxSimThroughLucene() throws IOException {
    Map<String, String> texts = corpus(temp.resolve("corpus.jsonl"), 300);
    Path index = temp.resolve("index");
    new Bm25IndexBuilder().withTokenVectors(new WordVectors("words")).build(temp.resolve("corpus.jsonl"), index,
        false, Progress.NONE);
    Bm25Settings settings = Bm25Settings.ANSERINI;
    try (Bm25MaxSimSearcher searcher = new Bm25MaxSimSearcher(index, settings, new WordVectors("words"), 20);
        Bm25Searcher bm25 = new Bm25Searcher(index, settings)) {
      for (String query : new String[] {"immune cell virus", "brain drug trial", "heart blood risk dose"}) {
        List<ScoredDocument> hits = searcher.search(query, 10);
        assertEquals(10, hits.size());
        List<String> candidates = bm25.search(query, 20).stream().map(ScoredDocument::docId).toList();
        TokenVectors q = WordVectors.of(query);
        for (int i = 0; i < hits.size(); i++) {
          ScoredDocument hit = hits.get(i);
          assertTrue(candidates.contains(hit.docId()), hit.docId() + " is not among BM25's top 20");
          assertEquals(MaxSim.exact(q, WordVectors.of(texts.get(hit.docId()))), hit.score(), 1e-5,
              "Lucene's late-interaction score of " + hit.docId() + " for '" + query + "'");
          if (i > 0) {
            assertTrue(hits.get(i - 1).score() >= hit.score(), "MaxSim order");
          }
        }
        // the best by MaxSim among the candidates is first
        double best = candidates.stream().mapToDouble(d -> MaxSim.exact(q, WordVectors.of(texts.get(d)))).max()
            .orElseThrow();
        assertEquals(best, hits.get(0).score(), 1e-5);
      }
    }
  }

  @Test
  void refusesAnIndexWithoutTokenVectorsOrOfAnotherModel() throws IOException {
    corpus(temp.resolve("corpus.jsonl"), 20);
    Path plain = temp.resolve("plain");
    new Bm25IndexBuilder().build(temp.resolve("corpus.jsonl"), plain, false, Progress.NONE);
    Bm25Settings settings = Bm25Settings.ANSERINI;
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> new Bm25MaxSimSearcher(plain, settings, new WordVectors("words"), 10));
    assertTrue(none.getMessage().contains("keeps no token vectors"), none.getMessage());
    Path index = temp.resolve("index");
    new Bm25IndexBuilder().withTokenVectors(new WordVectors("words")).build(temp.resolve("corpus.jsonl"), index,
        false, Progress.NONE);
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> new Bm25MaxSimSearcher(index, settings, new WordVectors("other"), 10));
    assertEquals(index + " keeps the token vectors of words; the query encoder is other", other.getMessage());
    assertEquals("depth must be positive; got 0", assertThrows(IllegalArgumentException.class,
        () -> new Bm25MaxSimSearcher(index, settings, new WordVectors("words"), 0)).getMessage());
  }
}
