/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Every request passes here, around all of Javalin: it is counted while under way, timed into the metrics by its
 * route template (set by the server once Javalin has matched it), and refused with a 503 once the server is
 * stopping, so that a stop can wait for exactly the requests that were admitted ({@link #drain}).
 */
final class RequestGate implements Filter {
  /** The request attribute that holds the matched route's template. */
  static final String ROUTE = "quarry.route";

  private final ServerMetrics metrics;
  private final Object lock = new Object();
  private int inFlight;
  private long admitted;
  private boolean closed;

  RequestGate(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    synchronized (lock) {
      if (closed) {
        res.setStatus(503);
        res.setContentType("application/json");
        res.getOutputStream().write("{\"error\":{\"message\":\"the server is stopping\",\"type\":\"unavailable\",\"param\":null}}"
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      inFlight++;
      admitted++;
    }
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      Object route = req.getAttribute(ROUTE);
      metrics.request(route == null ? (res.getStatus() == 404 ? "unmatched" : "static") : route.toString(),
          req.getMethod(), res.getStatus(), System.nanoTime() - start);
      synchronized (lock) {
        inFlight--;
        lock.notifyAll();
      }
    }
  }

  /** Refuses new requests and waits for those under way, at most {@code seconds}; true when none is left. */
  boolean drain(int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (lock) {
      closed = true;
      long left;
      while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return inFlight == 0;
    }
  }

  long admitted() {
    synchronized (lock) {
      return admitted;
    }
  }

  int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }
}
