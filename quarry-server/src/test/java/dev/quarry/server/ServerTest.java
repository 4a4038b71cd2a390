/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every server has: health, metrics, its OpenAPI description, the page and its chart library, and no files. */
class ServerTest {
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.get();
  }

  @Test
  void healthAndInfo() {
    TestServer.Response health = t.get("/health");
    assertEquals(200, health.status());
    assertEquals("ok", health.json().get("status").asText());
    JsonNode info = t.get("/api/info").json();
    assertEquals("scifact", info.at("/indexes/0/name").asText());
    assertEquals("[\"bm25\",\"dense\",\"hybrid\"]", info.at("/indexes/0/retrievers").toString());
    assertEquals(300, info.at("/dataset/judged_queries").asInt());
    assertEquals(300, t.get("/api/queries").json().get("queries").size());
  }

  @Test
  void metricsCountRequestsByRouteTemplate() {
    t.get("/api/search?q=protein&k=3");
    t.get("/api/search?q=&k=3");
    t.get("/api/runs/no-such-run/1");
    String metrics = t.get("/metrics").body();
    assertTrue(metrics.contains("quarry_http_requests_seconds_count{method=\"GET\",route=\"/api/search\",status=\"200\"}"),
        "timed by route and status");
    assertTrue(metrics.contains("route=\"/api/search\",status=\"400\""));
    assertTrue(metrics.contains("route=\"/api/runs/{name}/{qid}\""), "the template, not the path asked for");
    assertFalse(metrics.contains("no-such-run"));
    assertTrue(metrics.contains("quarry_search_queries_total{index=\"scifact\",retriever=\"bm25\"}"));
    assertTrue(metrics.contains("jvm_memory_used_bytes"));
  }

  /** The OpenAPI description names every route the server registers, and nothing else. */
  @Test
  void openApiDescribesEveryRoute() {
    JsonNode doc = t.get("/openapi.json").json();
    assertEquals("3.0.3", doc.get("openapi").asText());
    List<String> described = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue().fieldNames().forEachRemaining(m -> described.add(m.toUpperCase() + " " + path.getKey()));
    }
    List<String> registered = t.server.routes();
    assertEquals(registered.stream().sorted().toList(), described.stream().sorted().toList());
  }

  @Test
  void thePageAndItsChartLibraryComeFromTheJar() {
    TestServer.Response page = t.get("/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("/webjars/echarts/5.3.1/dist/echarts.min.js"));
    TestServer.Response echarts = t.get("/webjars/echarts/5.3.1/dist/echarts.min.js");
    assertEquals(200, echarts.status());
    assertTrue(echarts.body().length() > 500_000);
    assertEquals(200, t.get("/app.js").status());
  }

  @Test
  void unknownRoutesAndMethodsAreJsonErrors() {
    TestServer.Response missing = t.get("/api/nothing");
    assertEquals(404, missing.status());
    assertTrue(missing.json().at("/error/message").asText().contains("/api/nothing"));
    assertEquals(404, t.post("/api/info", "{}").status());
  }

  /** No path, however spelled, reaches a file outside the page's own resources. */
  @Test
  void noRequestReadsAFile() throws IOException {
    for (String path : List.of("/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/webjars/../../etc/passwd",
        "/webjars/..%2f..%2f..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/quarry-server/openapi.json",
        "/dev/quarry/server/QuarryServer.class", "/META-INF/MANIFEST.MF", "//etc/passwd", "/file:/etc/passwd")) {
      String response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertFalse(response.contains("root:"), path + " read /etc/passwd");
      assertFalse(response.startsWith("HTTP/1.1 200"), path + ": " + response.lines().findFirst().orElse(""));
    }
    TestServer.Response health = t.get("/health");
    assertNotEquals(500, health.status());
  }

  /** A request sent byte for byte, as curl --path-as-is would: no client normalises the path first. */
  static String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", t.server.port())) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
