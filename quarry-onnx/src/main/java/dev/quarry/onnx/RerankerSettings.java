package dev.quarry.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a reranker folder's {@code quarry.json} says: its kind ({@code cross-encoder} or {@code pairwise}) and maximum
 * length. A folder without one is a Hugging Face cross-encoder export, read at 512 tokens.
 */
public record RerankerSettings(String kind, int maxLength) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static RerankerSettings read(Path folder) {
    Path file = folder.resolve("quarry.json");
    try {
      JsonNode config = Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
      return new RerankerSettings(config.path("kind").asText("cross-encoder"), config.path("max_length").asInt(512));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
