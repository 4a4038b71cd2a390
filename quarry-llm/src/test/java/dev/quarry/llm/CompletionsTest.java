/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.llm.testing.ChatServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples come from the cache where it has them, from the server for the rest, and are never paid for twice. */
class CompletionsTest {
  private static final Sampling HOT = new Sampling(0.7, 1, 64, 0);

  @TempDir Path temp;

  private LlmEndpoint endpoint(ChatServer server, int samplesPerRequest) {
    return new LlmEndpoint(URI.create(server.url()), ApiKey.fromEnvironment(v -> "sk-cache-test-secret"),
        Duration.ofSeconds(10), new Backoff(0, Duration.ZERO, Duration.ZERO), 2, samplesPerRequest,
        temp.resolve("llm"), Pricing.NONE);
  }

  @Test
  void aSecondRunIsAnsweredFromTheCacheWithNoRequest() throws IOException {
    List<String> first;
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(endpoint(server, 8), "m")) {
      Completions.Samples samples = llm.sample("Write about cats.", HOT, 3);
      first = samples.texts();
      assertEquals(1, server.requests().size());
      assertEquals(3, server.requests().get(0).n());
      assertEquals(0, samples.cached());
      assertEquals(1, samples.usage().requests());
    }
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(endpoint(server, 8), "m")) {
      Completions.Samples again = llm.sample("Write about cats.", HOT, 3);
      assertEquals(first, again.texts());
      assertEquals(0, server.requests().size(), "every sample came from the cache");
      assertEquals(3, again.cached());
      assertEquals(Usage.NONE, again.usage());
      assertEquals(3, llm.meter().cached());

      Completions.Samples more = llm.sample("Write about cats.", HOT, 5);
      assertEquals(first, more.texts().subList(0, 3), "samples 0-2 are the cached ones");
      assertEquals(1, server.requests().size());
      assertEquals(2, server.requests().get(0).n(), "only samples 3 and 4 are asked for");

      llm.sample("Write about cats.", new Sampling(0.7, 1, 65, 0), 1);
      llm.sample("Write about cats!", HOT, 1);
      assertEquals(3, server.requests().size(), "other settings or another prompt are other completions");
    }
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(endpoint(server, 8), "other-model")) {
      llm.sample("Write about cats.", HOT, 1);
      assertEquals(1, server.requests().size(), "another model's completions are its own");
    }
    for (Path f : Files.list(temp.resolve("llm")).toList()) {
      String cached = Files.readString(f);
      assertFalse(cached.contains("sk-cache-test-secret"), "the key is never stored");
      assertFalse(cached.contains("localhost") || cached.contains("127.0.0.1"), "nor the server's address");
    }
  }

  @Test
  void asksAgainWhenTheServerGivesFewerChoicesAndKeepsRequestsWithinTheLimit() {
    // Ollama ignores n: one choice whatever is asked
    try (ChatServer server = new ChatServer(r -> ChatServer.completion(r, List.of("only one " + Math.random())));
        Completions llm = Completions.open(endpoint(server, 8), "m")) {
      Completions.Samples samples = llm.sample("p", HOT, 3);
      assertEquals(3, samples.completions().size());
      assertEquals(List.of(3, 2, 1), server.requests().stream().map(ChatServer.Request::n).toList());
      assertEquals(3, samples.texts().stream().distinct().count());
    }
    // llama.cpp's server refuses n > 1: --llm-samples-per-request 1
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(endpoint(server, 1), "m")) {
      llm.sample("q", HOT, 4);
      assertEquals(List.of(1, 1, 1, 1), server.requests().stream().map(ChatServer.Request::n).toList());
    }
  }

  @Test
  void aKilledRunKeepsEveryWholeLine() throws IOException {
    Path file;
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(endpoint(server, 8), "m")) {
      llm.sample("p", HOT, 2);
      file = new CompletionCache(temp.resolve("llm"), "m").file();
    }
    Files.writeString(file, "{\"key\":\"abc\",\"text\":\"cut sh", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(endpoint(server, 8), "m")) {
      llm.sample("p", HOT, 2);
      assertEquals(0, server.requests().size(), "both whole lines were kept");
    }
    assertTrue(Files.readString(file).endsWith("\n"), "the cut line is gone");

    Files.writeString(file, "not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    IllegalStateException damaged = assertThrows(IllegalStateException.class,
        () -> new CompletionCache(temp.resolve("llm"), "m"));
    assertTrue(damaged.getMessage().contains(file + ":3: not a cached completion"), damaged.getMessage());
  }
}
