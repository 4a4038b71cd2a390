/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.llm.ApiKey;
import dev.quarry.llm.LlmEndpoint;
import dev.quarry.llm.testing.ChatServer;
import dev.quarry.search.IndexCache;
import dev.quarry.train.RunFolder;
import dev.quarry.train.TinySliceAccess;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A language model as PairDistill's pairwise teacher ({@code pairwise: llm:MODEL}), through the same factory as a
 * trained reranker: a fixture server that prefers the longer passage (0.8 against 0.2 in its log-probabilities)
 * labels a round's pairs, each asked in both orders once, and the round trains on its judgements.
 */
class LlmTeacherDistillationTest {
  @TempDir Path temp;

  @Test
  void anLlmJudgesTheRoundsPairs() throws IOException {
    Path data = TinySliceAccess.write(temp.resolve("slice"), 8, 40);
    Map<String, Object> settings = Map.ofEntries(Map.entry("dataset", data.toString()),
        Map.entry("model", "all-MiniLM-L6-v2"), Map.entry("rerankers", List.of("bm25")),
        Map.entry("pairwise", "llm:qwen2.5-7b-instruct"), Map.entry("rounds", 1), Map.entry("depth", 8),
        Map.entry("topK", 6), Map.entry("pairWindow", 2), Map.entry("pairsPerQuery", 3), Map.entry("groupSize", 4),
        Map.entry("batchSize", 4), Map.entry("epochs", 1), Map.entry("queryLength", 16),
        Map.entry("passageLength", 32), Map.entry("threads", 2), Map.entry("testSplit", ""));
    Path out = temp.resolve("distill");
    TrainingConfig config = RunFolder.prepare(null, settings, TrainingConfig.Use.DISTILL, out, false, false);
    IndexCache cache = new IndexCache(temp.resolve("cache"));

    IllegalArgumentException noServer = assertThrows(IllegalArgumentException.class,
        () -> new DistillationRun(config, out, cache, ProgressFactory.NONE).run());
    assertTrue(noServer.getMessage().contains("is a language model: give its server with --llm-url"),
        noServer.getMessage());

    try (ChatServer server = new ChatServer(ChatServer::prefersLonger)) {
      LlmEndpoint endpoint = LlmEndpoint.of(URI.create(server.url()), ApiKey.NONE, temp.resolve("llm"));
      List<DistillationRun.Round> rounds = new DistillationRun(config, out, cache, endpoint, ProgressFactory.NONE)
          .run();
      assertTrue(Files.exists(rounds.get(0).model().resolve("model.onnx")));

      Map<String, String> corpus = new BeirDataset(data).corpusTexts();
      List<TrainingExample> examples = TrainingData.read(out.resolve("round-1/train.jsonl"), corpus);
      int pairs = 0;
      for (TrainingExample e : examples) {
        for (TrainingExample.PairPreference p : e.pairs()) {
          int first = corpus.get(p.first()).length();
          int second = corpus.get(p.second()).length();
          double expected = first > second ? 0.8 : first < second ? 0.2 : 0.5;
          assertEquals(expected, p.probability(), 1e-6, "PRP's mean of both orders for " + p);
          pairs++;
        }
      }
      assertEquals(8 * 3, pairs);
      assertEquals(2 * pairs, server.requests().size(), "each pair asked in both orders, once");
      assertTrue(server.requests().stream().allMatch(r -> r.model().equals("qwen2.5-7b-instruct")
          && r.body().get("logprobs").asBoolean()));
      try (Stream<Path> files = Files.list(cache.teachers(new BeirDataset(data).corpusFile()))) {
        Path judged = files.filter(f -> f.getFileName().toString().startsWith("llm-qwen2.5-7b-instruct-"))
            .findFirst().orElseThrow();
        assertEquals(pairs, Files.readAllLines(judged).size(), "every judgement in the teacher's cache");
      }
    }
  }
}
