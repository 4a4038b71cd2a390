/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.llm.testing.ChatServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Quarry sends an OpenAI-compatible server, what it makes of the answers, and how it retries. */
class OpenAiCompatibleModelTest {
  @TempDir Path temp;

  private LlmEndpoint endpoint(ChatServer server, ApiKey key, int retries) {
    return new LlmEndpoint(URI.create(server.url()), key, Duration.ofSeconds(10),
        new Backoff(retries, Duration.ofMillis(1), Duration.ofMillis(5)), 2, 8, temp, Pricing.NONE);
  }

  @Test
  void sendsModelMessageSamplingAndLogprobs() {
    try (ChatServer server = new ChatServer(ChatServer::madeUp)) {
      UsageMeter meter = new UsageMeter();
      ApiKey key = ApiKey.fromEnvironment(name -> "sk-test-1234");
      OpenAiCompatibleModel model = new OpenAiCompatibleModel(endpoint(server, key, 0), "qwen2.5-7b-instruct", meter);
      Generation g = model.generate("Which is it?", new Sampling(0.7, 0.95, 64, 0), 3);
      assertEquals(3, g.choices().size());
      assertEquals("Answer 2: Which is it?", g.choices().get(2).text());
      assertEquals("stop", g.choices().get(0).finishReason());

      ChatServer.Request sent = server.requests().get(0);
      JsonNode body = sent.body();
      assertEquals("qwen2.5-7b-instruct", body.get("model").asText());
      assertEquals(1, body.get("messages").size());
      assertEquals("user", body.get("messages").get(0).get("role").asText());
      assertEquals("Which is it?", body.get("messages").get(0).get("content").asText());
      assertEquals(3, body.get("n").asInt());
      assertEquals(0.7, body.get("temperature").asDouble());
      assertEquals(0.95, body.get("top_p").asDouble());
      assertEquals(64, body.get("max_tokens").asInt());
      assertNull(body.get("logprobs"), "no log-probabilities unless asked for: " + body);
      assertEquals("Bearer sk-test-1234", sent.authorization());

      model.generate("Which is it?", new Sampling(0, 1, 16, 5), 1);
      JsonNode greedy = server.requests().get(1).body();
      assertEquals(0.0, greedy.get("temperature").asDouble());
      assertTrue(greedy.get("logprobs").asBoolean());
      assertEquals(5, greedy.get("top_logprobs").asInt());
      assertEquals(1, greedy.get("n").asInt());

      assertEquals(2, meter.usage().requests());
      assertTrue(meter.usage().promptTokens() > 0 && meter.usage().completionTokens() > 0, meter.describe(
          Pricing.NONE));
    }
  }

  @Test
  void noKeyNoAuthorizationHeader() {
    try (ChatServer server = new ChatServer(ChatServer::madeUp)) {
      new OpenAiCompatibleModel(endpoint(server, ApiKey.NONE, 0), "m", new UsageMeter())
          .generate("p", new Sampling(0, 1, 8, 0), 1);
      assertNull(server.requests().get(0).authorization());
    }
  }

  @Test
  void retriesRateLimitsAndServerErrorsWithBackoff() {
    try (ChatServer server = new ChatServer(ChatServer::madeUp)) {
      server.failNext(429, "{\"error\": \"rate limited\"}");
      server.failNext(503, "model loading");
      UsageMeter meter = new UsageMeter();
      Generation g = new OpenAiCompatibleModel(endpoint(server, ApiKey.NONE, 2), "m", meter)
          .generate("p", new Sampling(0, 1, 8, 0), 1);
      assertEquals(1, g.choices().size());
      assertEquals(3, server.requests().size(), "429, then 503, then the answer");
      assertEquals(2, meter.retries());
      assertEquals(1, meter.usage().requests(), "one request answered");

      server.failNext(429, "slow down");
      server.failNext(429, "slow down");
      server.failNext(429, "slow down");
      IllegalStateException out = assertThrows(IllegalStateException.class,
          () -> new OpenAiCompatibleModel(endpoint(server, ApiKey.NONE, 2), "m", meter)
              .generate("p", new Sampling(0, 1, 8, 0), 1));
      assertTrue(out.getMessage().contains("failed 3 times: HTTP 429: slow down"), out.getMessage());
    }
  }

  @Test
  void aServerThatIsNotThereIsRetriedThenNamed() throws Exception {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    UsageMeter meter = new UsageMeter();
    LlmEndpoint nowhere = new LlmEndpoint(URI.create("http://127.0.0.1:" + port + "/v1"), ApiKey.NONE,
        Duration.ofSeconds(5), new Backoff(1, Duration.ofMillis(1), Duration.ofMillis(2)), 1, 8, temp, Pricing.NONE);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new OpenAiCompatibleModel(nowhere, "m", meter).generate("p", new Sampling(0, 1, 8, 0), 1));
    assertEquals("the LLM server at http://127.0.0.1:" + port + "/v1 failed 2 times: cannot connect: is a server"
        + " listening at http://127.0.0.1:" + port + "/v1?", e.getMessage());
    assertEquals(1, meter.retries());
  }

  @Test
  void refusalsAreNotRetried() {
    try (ChatServer server = new ChatServer(ChatServer::madeUp)) {
      server.failNext(404, "{\"error\": \"The model `m` does not exist.\"}");
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> new OpenAiCompatibleModel(endpoint(server, ApiKey.NONE, 3), "m", new UsageMeter())
              .generate("p", new Sampling(0, 1, 8, 0), 1));
      assertEquals(1, server.requests().size());
      assertTrue(e.getMessage().contains("refused the request: HTTP 404") && e.getMessage().contains("does not exist"),
          e.getMessage());
    }
  }

  @Test
  void malformedAndTruncatedResponsesAreRefused() {
    String cut = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"Passage";
    List<String> bodies = List.of(cut, "<html>Bad Gateway</html>", "{\"choices\": []}",
        "{\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\"}, \"finish_reason\": \"stop\"}]}");
    try (ChatServer server = new ChatServer(ChatServer::madeUp)) {
      for (String body : bodies) {
        server.answerNext(body);
        OpenAiCompatibleModel model = new OpenAiCompatibleModel(endpoint(server, ApiKey.NONE, 3), "m",
            new UsageMeter());
        int before = server.requests().size();
        MalformedResponseException e = assertThrows(MalformedResponseException.class,
            () -> model.generate("p", new Sampling(0, 1, 8, 0), 1), body);
        assertEquals(before + 1, server.requests().size(), "a malformed answer is not asked again: " + body);
        assertTrue(e.getMessage().startsWith("the server's response"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
      }
    }
  }
}
