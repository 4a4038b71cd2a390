/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

/**
 * Where the server listens and the limits every request is held to. A request over a limit gets a 400 (413 for a
 * body) naming the parameter, never a longer wait or a larger heap: the limits bound what one request can cost.
 *
 * @param host the interface to bind, 127.0.0.1 unless asked (the API has no authentication)
 * @param port the port, 0 for any free one
 * @param maxBodyBytes the largest JSON request body
 * @param maxRunBytes the largest run file uploaded to {@code POST /api/runs/{name}}
 * @param maxQueryChars the longest query text
 * @param maxK the most hits a search may ask for
 * @param maxBatch the most queries in a batch search, inputs to embed, or candidates to rerank
 * @param maxRuns the most runs the server keeps for evaluation
 * @param stopSeconds how long a stop waits for the requests under way
 */
public record ServerSettings(String host, int port, int maxBodyBytes, int maxRunBytes, int maxQueryChars, int maxK,
    int maxBatch, int maxRuns, int stopSeconds) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public ServerSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must be given; got '" + host + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535; got " + port);
    }
    positive("maxBodyBytes", maxBodyBytes);
    positive("maxRunBytes", maxRunBytes);
    positive("maxQueryChars", maxQueryChars);
    positive("maxK", maxK);
    positive("maxBatch", maxBatch);
    positive("maxRuns", maxRuns);
    if (stopSeconds < 0) {
      throw new IllegalArgumentException("stopSeconds must be >= 0; got " + stopSeconds);
    }
  }

  /** Loopback, port 8080, 1 MiB bodies, 64 MiB runs, 1,000-character queries, k up to 1,000, batches of 256. */
  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, 1 << 20, 64 << 20, 1000, 1000, 256, 32, 30);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive; got " + value);
    }
  }
}
