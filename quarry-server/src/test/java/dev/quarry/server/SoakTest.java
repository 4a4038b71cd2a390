/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * 10,000 mixed requests from 4 clients, good and bad (a third bad, of every kind the API refuses): each gets the
 * status it should, the server ends healthy, and its heap after a collection is back near where it started.
 */
class SoakTest {
  static final int REQUESTS = 10_000;
  /**
   * What the heap may keep beyond its start (it kept 0.9 MB in the first runs): a leak of 1 KB a request would keep
   * 10 MB.
   */
  static final long HEAP_SLACK = 8L << 20;

  record Call(String kind, int expected, Supplier<TestServer.Response> send) {}

  @Test
  void tenThousandMixedRequestsLeaveTheServerHealthy() throws Exception {
    TestServer t = TestServer.get();
    List<String> queries = t.dataset.queries().asMap().values().stream()
        .filter(q -> q.length() <= TestServer.LIMITS.maxQueryChars()).toList();
    String tooBig = "{\"queries\": [\"" + "x".repeat(TestServer.LIMITS.maxBodyBytes()) + "\"]}";
    List<Call> calls = List.of(
        new Call("bm25", 200, () -> t.get("/api/search?k=10&q=" + q(queries, 0))),
        new Call("bm25 k=100", 200, () -> t.get("/api/search?k=100&q=" + q(queries, 1))),
        new Call("dense", 200, () -> t.get("/api/search?retriever=dense&k=10&q=" + q(queries, 2))),
        new Call("hybrid", 200, () -> t.get("/api/search?retriever=hybrid&k=10&q=" + q(queries, 3))),
        new Call("batch", 200, () -> t.post("/api/search", Map.of("queries", queries.subList(0, 4), "k", 5))),
        new Call("rerank", 200, () -> t.post("/api/rerank", Map.of("query", queries.get(7), "reranker", "bm25",
            "ids", List.of(SearchApiTest.RELEVANT, "4709641")))),
        new Call("embed", 200, () -> t.post("/v1/embeddings", Map.of("model", TestServer.EMBEDDING_MODEL,
            "input", "cats"))),
        new Call("info", 200, () -> t.get("/api/info")),
        new Call("empty q", 400, () -> t.get("/api/search?q=")),
        new Call("k=0", 400, () -> t.get("/api/search?q=x&k=0")),
        new Call("unknown index", 400, () -> t.get("/api/search?q=x&index=nope")),
        new Call("malformed", 400, () -> t.post("/api/search", "{\"queries\": [")),
        new Call("batch over", 400, () -> t.post("/v1/embeddings", Map.of("model", TestServer.EMBEDDING_MODEL,
            "input", java.util.Collections.nCopies(TestServer.LIMITS.maxBatch() + 1, "x")))),
        new Call("unknown model", 400, () -> t.post("/v1/embeddings", Map.of("model", "/etc", "input", "x"))),
        new Call("body over", 413, () -> t.post("/api/search", tooBig)),
        new Call("no route", 404, () -> t.get("/api/nothing")));
    // warm up every path, then measure where the heap starts
    for (int i = 0; i < 3; i++) {
      calls.forEach(c -> c.send().get());
    }
    long start = heapAfterCollection();
    Map<String, AtomicInteger> wrong = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int client = 0; client < 4; client++) {
      SplittableRandom random = new SplittableRandom(client);
      futures.add(clients.submit(() -> {
        while (done.getAndIncrement() < REQUESTS) {
          Call call = calls.get(random.nextInt(calls.size()));
          TestServer.Response r = call.send().get();
          if (r.status() != call.expected()) {
            wrong.computeIfAbsent(call.kind() + " -> " + r.status(), k -> new AtomicInteger()).incrementAndGet();
          }
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    clients.shutdown();
    assertTrue(wrong.isEmpty(), "requests answered with the wrong status: " + wrong);
    assertEquals(200, t.get("/health").status());
    assertEquals(0, t.server.inFlight());
    long end = heapAfterCollection();
    System.out.printf("soak: heap after collection %.1f MB before, %.1f MB after %,d requests%n", start / 1e6,
        end / 1e6, REQUESTS);
    assertTrue(end - start < HEAP_SLACK, "heap grew from " + start / 1_000_000 + " MB to " + end / 1_000_000 + " MB");
  }

  private static String q(List<String> queries, int salt) {
    int i = (int) ((System.nanoTime() + salt) % queries.size());
    return URLEncoder.encode(queries.get(Math.abs(i)), StandardCharsets.UTF_8);
  }

  private static long heapAfterCollection() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
