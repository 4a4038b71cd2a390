/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop lets the request under way finish and refuses new ones; the catalog it served stays open. */
class StopTest {
  @Test
  void aStopWaitsForTheRequestUnderWay() throws Exception {
    TestServer t = TestServer.get();
    QuarryServer server = QuarryServer.start(t.catalog, TestServer.LIMITS);
    String base = "http://127.0.0.1:" + server.port();
    HttpClient http = HttpClient.newHttpClient();
    // 16 passages of about 500 tokens through bge-small: seconds of ONNX Runtime work in one request
    String passage = "Open access articles are cited more often than articles behind a paywall, the study found. "
        .repeat(30);
    String body = TestServer.JSON.writeValueAsString(Map.of("model", TestServer.EMBEDDING_MODEL, "input",
        Collections.nCopies(TestServer.LIMITS.maxBatch(), passage)));
    CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(URI.create(base
        + "/v1/embeddings")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.inFlight() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(1, server.inFlight(), "the slow request is under way");
    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(server::stop);
    int refused = 0;
    while (!slow.isDone() && refused == 0) {
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (health.statusCode() == 503) {
        refused++;
        assertTrue(health.body().contains("stopping"), health.body());
      }
    }
    assertEquals(1, refused, "a request that comes while stopping gets a 503");
    HttpResponse<String> finished = slow.get(120, TimeUnit.SECONDS);
    assertEquals(200, finished.statusCode(), finished.body());
    JsonNode data = TestServer.JSON.readTree(finished.body()).get("data");
    assertEquals(TestServer.LIMITS.maxBatch(), data.size(), "the request under way finished whole");
    assertTrue(stopped.get(60, TimeUnit.SECONDS), "no request was cut short");
    assertEquals(200, t.get("/health").status(), "the shared server and its catalog are untouched");
  }
}
