/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.io.ContentDigest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every completion a model gave, on disk, so that a run repeats exactly and a killed run resumes without paying
 * twice. One JSON-lines file per model in the cache folder, one line per completion ({@code key}, {@code text},
 * {@code finish}, and {@code tokens} when log-probabilities were asked for), appended and flushed as each arrives, so
 * a killed run loses only what was in flight. The key is a digest of the model's name, the sampling settings, the
 * sample's index and the prompt ({@link #key}): sample 3 of a prompt at temperature 0.7 is one entry, and a run that
 * asks for more samples pays only for the new ones. Neither the server's address nor its key is stored. A last line
 * cut short by a killed run is dropped with a warning (and cut off the file). Thread-safe.
 */
public final class CompletionCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, Completion> completions = new HashMap<>();
  private final OutputStream out;

  /** The cache of {@code model} in {@code folder}. */
  public CompletionCache(Path folder, String model) {
    this.file = folder.resolve(model.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ContentDigest.of(model) + ".jsonl");
    try {
      Files.createDirectories(folder);
      if (Files.exists(file)) {
        load();
      }
      this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the completion cache " + file + ": " + e.getMessage(), e);
    }
  }

  /** The key of sample {@code index} of {@code prompt} from {@code model} under {@code sampling}. */
  static String key(String model, Sampling sampling, int index, String prompt) {
    return ContentDigest.of(model + "\n" + sampling.key() + "\nsample=" + index + "\n" + prompt);
  }

  private void load() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      LOG.warn("{}: dropping a last line cut short ({} bytes, no line end), as a killed run leaves it", file,
          bytes.length - end);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(end);
      }
    }
    int number = 0;
    for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        completions.put(node.get("key").asText(), read(node));
      } catch (JacksonException | RuntimeException e) {
        throw new IllegalStateException(file + ":" + number + ": not a cached completion; the completion cache is"
            + " damaged: delete the file to ask the model again");
      }
    }
  }

  private static Completion read(JsonNode node) {
    List<Completion.Token> tokens = new ArrayList<>();
    for (JsonNode t : node.path("tokens")) {
      Map<String, Double> alternatives = new LinkedHashMap<>();
      t.path("top").properties().forEach(e -> alternatives.put(e.getKey(), e.getValue().asDouble()));
      tokens.add(new Completion.Token(t.get("t").asText(), t.get("lp").asDouble(), alternatives));
    }
    return new Completion(node.get("text").asText(), node.path("finish").asText(""), tokens);
  }

  public synchronized Completion get(String key) {
    return completions.get(key);
  }

  /** Adds a completion and writes it through, so that a killed run keeps it. */
  public synchronized void put(String key, Completion completion) {
    if (completions.putIfAbsent(key, completion) != null) {
      return;
    }
    ObjectNode node = JSON.createObjectNode().put("key", key).put("text", completion.text())
        .put("finish", completion.finishReason());
    if (!completion.tokens().isEmpty()) {
      ArrayNode tokens = node.putArray("tokens");
      for (Completion.Token t : completion.tokens()) {
        ObjectNode top = JSON.createObjectNode();
        t.alternatives().forEach(top::put);
        tokens.addObject().put("t", t.text()).put("lp", t.logprob()).set("top", top);
      }
    }
    try {
      out.write((JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
