/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code quarry-index.json}, written last into every index Quarry builds: what kind of index it is, how many
 * documents it holds, and the settings it was built with. An index folder without it is incomplete or not Quarry's,
 * and is refused.
 *
 * @param kind the index kind ({@code bm25}, {@code dense}, ...)
 * @param documents the number of documents indexed
 * @param settings the build settings, such as the analyzer or the model, as strings
 */
public record IndexManifest(String kind, long documents, Map<String, String> settings) {
  public static final String FILE_NAME = "quarry-index.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public IndexManifest {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("index kind must be given");
    }
    if (documents < 0) {
      throw new IllegalArgumentException("documents must not be negative; got " + documents);
    }
    settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
  }

  public String setting(String key) {
    return settings.get(key);
  }

  public void write(Path indexDir) {
    try {
      Map<String, Object> tree = new java.util.LinkedHashMap<>();
      tree.put("kind", kind);
      tree.put("documents", documents);
      tree.put("settings", new TreeMap<>(settings));
      Files.writeString(indexDir.resolve(FILE_NAME), JSON.writeValueAsString(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + indexDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the manifest of an index folder.
   *
   * @throws IllegalArgumentException when the folder is missing, incomplete or not a Quarry index
   */
  public static IndexManifest read(Path indexDir) {
    if (!Files.isDirectory(indexDir)) {
      throw new IllegalArgumentException("index " + indexDir + " does not exist; build it with 'quarry index'");
    }
    Path file = indexDir.resolve(FILE_NAME);
    try {
      var node = JSON.readTree(Files.readString(file));
      Map<String, String> settings = new TreeMap<>();
      node.path("settings").properties().forEach(e -> settings.put(e.getKey(), e.getValue().asText()));
      return new IndexManifest(node.path("kind").asText(), node.path("documents").asLong(), settings);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(indexDir + " is not a complete Quarry index (no " + FILE_NAME
          + "); rebuild it with 'quarry index --overwrite'");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
