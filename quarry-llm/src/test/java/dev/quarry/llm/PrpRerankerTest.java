/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.llm.testing.ChatServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PRP's judgement of a pair: both orders asked, read from log-probabilities where given, else from the text. */
class PrpRerankerTest {
  private static final String QUERY = "Does aspirin prevent heart attacks?";
  private static final String LONG = "Aspirin reduced myocardial infarction by a fifth in a large randomized trial.";
  private static final String SHORT = "Aspirin is a drug.";

  @TempDir Path temp;

  private PrpReranker prp(ChatServer server) {
    LlmEndpoint endpoint = new LlmEndpoint(URI.create(server.url()), ApiKey.NONE, Duration.ofSeconds(10),
        new Backoff(0, Duration.ZERO, Duration.ZERO), 4, 8, temp.resolve("llm-" + server.url().hashCode()),
        Pricing.NONE);
    return new PrpReranker(Completions.open(endpoint, "m"), PromptTemplate.load("prp", PrpReranker.SLOTS));
  }

  @Test
  void bothOrdersFromLogprobs() {
    try (ChatServer server = new ChatServer(ChatServer::prefersLonger); PrpReranker prp = prp(server)) {
      float[] p = prp.preferences(QUERY, List.of(new String[] {LONG, SHORT}, new String[] {SHORT, LONG}));
      // shown first, LONG is named with p 0.8; shown second, SHORT is named with 0.2: (0.8 + 1 - 0.2) / 2
      assertEquals(0.8, p[0], 1e-6);
      assertEquals(0.2, p[1], 1e-6);
      assertEquals(1, p[0] + p[1], 1e-6, "a pair's two orders are complementary");
      assertEquals(2, server.requests().size(), "two prompts serve both orders of the pair");
      Set<String> prompts = server.requests().stream().map(ChatServer.Request::prompt).collect(Collectors.toSet());
      assertEquals(Set.of(prompt(LONG, SHORT), prompt(SHORT, LONG)), prompts);
      JsonNode body = server.requests().get(0).body();
      assertEquals(0.0, body.get("temperature").asDouble());
      assertTrue(body.get("logprobs").asBoolean());
      assertEquals(5, body.get("top_logprobs").asInt());
      assertEquals(1, body.get("n").asInt());
      assertTrue(prp.describe().startsWith("PRP: 2 answers, 2 read from log-probabilities"), prp.describe());
    }
  }

  private static String prompt(String a, String b) {
    return "Given a query \"" + QUERY + "\", which of the following two passages is more relevant to the query?\n\n"
        + "Passage A: \"" + a + "\"\n\nPassage B: \"" + b + "\"\n\nOutput Passage A or Passage B:";
  }

  @Test
  void votesWhenTheServerGivesNoLogprobs() {
    // the server ignores logprobs: each order is a vote; agreeing votes give 1 or 0, disagreeing ones 0.5
    try (ChatServer server = new ChatServer(r -> ChatServer.completion(r, List.of(r.prompt().contains(
        "Passage A: \"" + LONG) || r.prompt().contains("\"x\"") ? "Passage A" : "**Passage B**")));
        PrpReranker prp = prp(server)) {
      float[] p = prp.preferences(QUERY, List.of(new String[] {LONG, SHORT}, new String[] {SHORT, "x"}));
      assertEquals(1.0, p[0], 1e-6, "A when LONG is first, B when it is second: LONG wins both");
      assertEquals(0.5, p[1], 1e-6, "A in both orders: the orders disagree, a tie");
      assertTrue(prp.describe().contains("4 from their text"), prp.describe());
    }
  }

  @Test
  void readsTheAnswerAtTheFirstTokenThatNamesAPassage() {
    Completion logprobs = new Completion("**Passage B**", "stop", List.of(
        new Completion.Token("**", -0.01, Map.of("**", -0.01)),
        new Completion.Token("Passage", -0.01, Map.of("Passage", -0.01)),
        new Completion.Token(" B", Math.log(0.7), Map.of(" B", Math.log(0.7), " A", Math.log(0.1), "B", Math.log(0.1)))));
    assertEquals(0.1 / 0.9, PrpReranker.choice(logprobs).probabilityOfA(), 1e-9, "A against every spelling of B");
    Completion onlyChosen = new Completion("A", "stop", List.of(new Completion.Token("A", Math.log(0.9), Map.of())));
    assertEquals(0.9, PrpReranker.choice(onlyChosen).probabilityOfA(), 1e-9);
    assertEquals(PrpReranker.Source.UNDECIDED, PrpReranker.choice(new Completion("Both are relevant.", "stop",
        List.of())).source());
    assertEquals(0.5, PrpReranker.choice(new Completion("Neither", "stop", List.of())).probabilityOfA());
    assertEquals(0.0, PrpReranker.choice(new Completion("passage b is more relevant", "stop", List.of()))
        .probabilityOfA());
  }
}
