/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.testing.SharedData;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/**
 * One server for the module's tests, started once per test JVM: a slice of real SciFact (the 300 test queries, the
 * 339 documents judged for them and 300 others), a BM25 index and a dense index (all-MiniLM-L6-v2, the fastest
 * fp32 embedded model: int8's dynamic quantization scales activations per batch, so a query's scores would depend on
 * the queries batched with it) under one name, so hybrid search works, and bge-small-en-v1.5 for
 * {@code /v1/embeddings}; MiniLM again as a reranker (a dense scorer). Small limits, so that tests can reach them.
 */
final class TestServer {
  static final String INDEX = "scifact";
  static final String DENSE_MODEL = "all-MiniLM-L6-v2";
  static final String EMBEDDING_MODEL = "bge-small-en-v1.5";
  static final ServerSettings LIMITS = new ServerSettings("127.0.0.1", 0, 64 * 1024, 4 << 20, 200, 100, 16, 6, 30);
  static final ObjectMapper JSON = new ObjectMapper();

  private static TestServer shared;

  final Path folder;
  final BeirDataset dataset;
  final Catalog catalog;
  final QuarryServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private TestServer(Path folder) {
    this.folder = folder;
    this.dataset = SharedData.slice(SharedData.require("scifact"), "test", folder.resolve("scifact"), Integer.MAX_VALUE,
        300);
    Path bm25 = folder.resolve("bm25");
    new Bm25IndexBuilder().build(dataset.corpusFile(), bm25, true, Progress.NONE);
    Path dense = folder.resolve("dense");
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(DENSE_MODEL))) {
      new DenseIndexBuilder(DenseIndexSettings.FLAT, 2).build(dataset.corpusFile(), encoder, dense, true,
          Progress.NONE, Progress.NONE);
    }
    this.catalog = Catalog.open(new Catalog.Spec(
        List.of(new AbstractMap.SimpleEntry<>(INDEX, bm25), new AbstractMap.SimpleEntry<>(INDEX, dense)),
        dataset, "test", List.of(DENSE_MODEL), List.of(EMBEDDING_MODEL), Bm25Settings.ANSERINI, new DenseSearchSettings(100, 0),
        2));
    this.server = QuarryServer.start(catalog, LIMITS);
  }

  /** The shared server (built at the first call; skipped without the shared data, failed under CI). */
  static synchronized TestServer get() {
    if (shared == null) {
      shared = new TestServer(Path.of("target", "test-server").toAbsolutePath());
    }
    return shared;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** A response: status and body, and the body as JSON when it is JSON. */
  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    /** The {@code param} of an error answer. */
    String param() {
      return json().path("error").path("param").asText(null);
    }
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
  }

  Response post(String path, String body) {
    return post(path, body, "application/json");
  }

  Response post(String path, String body, String type) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response post(String path, Map<String, ?> body) {
    try {
      return post(path, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(120)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
