/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.llm.testing.ChatServer;
import dev.quarry.search.IndexCache;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LameR on SciFact against a fixture server: the exact prompt Quarry sends for a test claim and BM25's candidates,
 * the expanded query it builds from the recorded answers, the search with it, and its trace.
 */
class LameRRetrieverTest {
  /** SciFact test claim 1; its relevant abstract is 31715818. */
  private static final String CLAIM = "0-dimensional biomaterials show inductive properties.";

  @TempDir static Path shared;
  private static BeirDataset scifact;
  private static Path index;
  private static Map<String, String> texts;

  @TempDir Path temp;

  @BeforeAll
  static void index() {
    scifact = SharedData.require("scifact");
    index = new IndexCache(shared).bm25(scifact.corpusFile(), false, ProgressFactory.NONE).path();
    texts = scifact.corpusTexts();
  }

  private LlmEndpoint endpoint(ChatServer server) {
    return new LlmEndpoint(URI.create(server.url()), ApiKey.NONE, Duration.ofSeconds(10),
        new Backoff(0, Duration.ZERO, Duration.ZERO), 4, 8, temp.resolve("llm"), Pricing.NONE);
  }

  private static final PromptTemplate PROMPT = PromptTemplate.load("lamer", LameRRetriever.SLOTS);
  private static final Sampling SAMPLING = new Sampling(0.7, 1, 256, 0);

  /** The recorded answers to the recorded prompt; anything else gets made-up answers. */
  private static String answer(ChatServer.Request request) {
    return request.prompt().equals(ChatServer.fixture("lamer-scifact-1.prompt.txt").stripTrailing())
        ? ChatServer.fixture("lamer-scifact-1.response.json") : ChatServer.madeUp(request);
  }

  @Test
  void sendsThePapersPromptAndSearchesTheExpandedQuery() throws IOException {
    Path trace = temp.resolve("trace.jsonl");
    try (ChatServer server = new ChatServer(LameRRetrieverTest::answer);
        Completions llm = Completions.open(endpoint(server), "qwen2.5-7b-instruct");
        Trace tracer = Trace.to(trace, scifact.queries());
        LameRRetriever lamer = new LameRRetriever(new Bm25Searcher(index, Bm25Settings.ANSERINI), texts, llm, PROMPT,
            10, 5, SAMPLING, tracer);
        Bm25Searcher bm25 = new Bm25Searcher(index, Bm25Settings.ANSERINI)) {
      List<ScoredDocument> hits = lamer.search(CLAIM, 100);

      assertEquals(1, server.requests().size());
      ChatServer.Request sent = server.requests().get(0);
      assertEquals(ChatServer.fixture("lamer-scifact-1.prompt.txt").stripTrailing(), sent.prompt(),
          "the paper's prompt: the claim, BM25's top 10 enumerated, the instruction");
      assertEquals("qwen2.5-7b-instruct", sent.model());
      assertEquals(5, sent.n());
      assertEquals(0.7, sent.body().get("temperature").asDouble());
      assertEquals(256, sent.body().get("max_tokens").asInt());

      JsonNode recorded = new ObjectMapper().readTree(ChatServer.fixture("lamer-scifact-1.response.json"));
      List<String> answers = List.of(0, 1, 2, 3, 4).stream()
          .map(i -> recorded.get("choices").get(i).get("message").get("content").asText()).toList();
      String expanded = lamer.expand(CLAIM);
      assertEquals(CLAIM + " " + answers.get(0).strip() + " " + CLAIM + " " + answers.get(1).strip() + " " + CLAIM
          + " " + answers.get(2).strip() + " " + CLAIM + " " + answers.get(3).strip() + " " + CLAIM + " "
          + answers.get(4).strip(), expanded, "q a1 q a2 q a3 q a4 q a5");
      assertEquals(1, server.requests().size(), "the second expansion came from the cache");
      assertEquals(bm25.search(expanded, 100), hits, "BM25 searched with the expanded query");

      List<String> lines = Files.readAllLines(trace);
      assertEquals(2, lines.size());
      JsonNode line = new ObjectMapper().readTree(lines.get(0));
      assertEquals("lamer", line.get("method").asText());
      assertEquals(CLAIM, line.get("query").asText());
      assertEquals("1", line.get("ids").get(0).asText());
      assertEquals(sent.prompt(), line.get("prompt").asText());
      assertEquals(expanded, line.get("expanded").asText());
      assertEquals(bm25.search(CLAIM, 10).stream().map(ScoredDocument::docId).toList(),
          new ObjectMapper().convertValue(line.get("candidates"), List.class));
      assertEquals(1, line.get("requests").asInt());
      assertEquals(recorded.get("usage").get("prompt_tokens").asInt(), line.get("prompt_tokens").asInt());
      assertEquals(0, line.get("cached").asInt());
      JsonNode again = new ObjectMapper().readTree(lines.get(1));
      assertEquals(0, again.get("requests").asInt());
      assertEquals(5, again.get("cached").asInt());
    }
  }

  @Test
  void aMalformedAnswerFailsNamingTheQuery() {
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(endpoint(server), "m");
        LameRRetriever lamer = new LameRRetriever(new Bm25Searcher(index, Bm25Settings.ANSERINI), texts, llm, PROMPT,
            10, 5, SAMPLING, Trace.none())) {
      server.answerNext("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Biomaterials with");
      MalformedResponseException e = assertThrows(MalformedResponseException.class,
          () -> lamer.searchBatch(List.of("a first claim about cells", CLAIM), 10));
      assertTrue(e.getMessage().startsWith("LameR for query \""), e.getMessage());
      assertTrue(e.getMessage().contains("the server's response is not a chat completion"), e.getMessage());
    }
  }

  @Test
  void refusesSettingsThatCannotWork() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LameRRetriever(null, texts,
        null, PROMPT, 0, 5, SAMPLING, Trace.none()));
    assertEquals("LameR needs at least one candidate in its prompt; got 0", e.getMessage());
  }
}
