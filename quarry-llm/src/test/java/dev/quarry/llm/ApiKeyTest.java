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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key reaches the server and nothing else: no log line, message, cache file or description holds it. */
class ApiKeyTest {
  private static final String SECRET = "sk-proj-Quarry-Secret-4f2a9c";

  @TempDir Path temp;

  @Test
  void theKeyIsSentAndNeverShown() throws Exception {
    ApiKey key = ApiKey.fromEnvironment(name -> name.equals(ApiKey.VARIABLE) ? SECRET : null);
    assertTrue(key.isSet());
    assertEquals("from QUARRY_LLM_KEY", key.toString());
    assertEquals("none (QUARRY_LLM_KEY is not set)", ApiKey.fromEnvironment(name -> null).toString());

    List<String> shown = new ArrayList<>();
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try (ChatServer server = new ChatServer(ChatServer::madeUp)) {
      LlmEndpoint endpoint = new LlmEndpoint(URI.create(server.url()), key, Duration.ofSeconds(10),
          new Backoff(1, Duration.ofMillis(1), Duration.ofMillis(2)), 2, 8, temp.resolve("llm"), Pricing.NONE);
      shown.add(endpoint.toString());
      try (Completions llm = Completions.open(endpoint, "m")) {
        server.failNext(429, "rate limit for key " + SECRET);
        llm.sample("p", new Sampling(0.7, 1, 8, 0), 2);
        shown.add(llm.meter().describe(Pricing.NONE));
        server.failNext(401, "{\"error\": \"Incorrect API key provided: Bearer " + SECRET + "\"}");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> llm.sample("q", new Sampling(0.7, 1, 8, 0), 1));
        shown.add(refused.getMessage());
        assertTrue(refused.getMessage().contains("HTTP 401") && refused.getMessage().contains("***"),
            refused.getMessage());
      }
      assertEquals("Bearer " + SECRET, server.requests().get(0).authorization(), "the server gets the key");
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("HTTP 429"), "the retry was logged: " + logged);
    shown.add(logged);
    try (Stream<Path> files = Files.walk(temp)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        shown.add(Files.readString(f));
      }
    }
    for (String s : shown) {
      assertFalse(s.contains(SECRET), "the key is shown in: " + s);
    }
  }
}
