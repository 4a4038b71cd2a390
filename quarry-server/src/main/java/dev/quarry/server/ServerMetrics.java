/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus metrics ({@code GET /metrics}): every request timed by route, method and status
 * ({@code quarry_http_requests_seconds}), every search by index and retriever ({@code quarry_search_seconds},
 * {@code quarry_search_queries_total}), and the JVM's memory, GC, threads and CPU. Routes are the templates
 * ({@code /api/runs/{name}}), never the paths asked for, so that no request can add a time series.
 */
final class ServerMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  ServerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  void request(String route, String method, int status, long nanos) {
    Timer.builder("quarry.http.requests").description("HTTP requests by route, method and status")
        .tag("route", route).tag("method", method).tag("status", Integer.toString(status))
        .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  void searched(String index, String retriever, int queries, long nanos) {
    Timer.builder("quarry.search").description("Searches (a batch counts once) by index and retriever")
        .tag("index", index).tag("retriever", retriever).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    Counter.builder("quarry.search.queries").description("Queries searched by index and retriever")
        .tag("index", index).tag("retriever", retriever).register(registry).increment(queries);
  }

  /** The Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }

  /** Milliseconds with two decimals, for {@code took_ms}. */
  static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  /** Answers with a JSON document. */
  static void json(Context ctx, JsonNode body) {
    try {
      ctx.contentType("application/json").result(Requests.JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
