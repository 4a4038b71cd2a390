/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.data.Queries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a method asked a language model for each query and what it made of the answers ({@code --trace FILE}): one
 * JSON line per query, written as the query completes, with the method, the query's text and ids, the exact prompt,
 * the completions, what the method built from them (LameR's expanded query), and the query's cost: requests, prompt
 * and completion tokens as the server reported them (0 for completions read from the cache, counted in
 * {@code cached}). docs/LLM.md computes the cost per query from these lines. Thread-safe.
 */
public final class Trace implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final BufferedWriter out;
  private final Map<String, List<String>> ids = new HashMap<>();

  private Trace(Path file, Queries queries) {
    this.file = file;
    if (file == null) {
      this.out = null;
      return;
    }
    queries.asMap().forEach((id, text) -> ids.computeIfAbsent(text, t -> new ArrayList<>()).add(id));
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trace " + file + ": " + e.getMessage(), e);
    }
  }

  /** A trace into {@code file} of queries from {@code queries} (for their ids). */
  public static Trace to(Path file, Queries queries) {
    return new Trace(file, queries);
  }

  /** No trace. */
  public static Trace none() {
    return new Trace(null, null);
  }

  /** One query's line: {@code fields} (in order) between its text and ids and its cost. */
  public void write(String method, String query, Map<String, Object> fields, Usage usage, int cached) {
    if (out == null) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("method", method);
    line.put("query", query);
    line.put("ids", ids.getOrDefault(query, List.of()));
    line.putAll(fields);
    line.put("requests", usage.requests());
    line.put("prompt_tokens", usage.promptTokens());
    line.put("completion_tokens", usage.completionTokens());
    line.put("cached", cached);
    String json;
    try {
      json = JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    synchronized (this) {
      try {
        out.write(json);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the trace " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
