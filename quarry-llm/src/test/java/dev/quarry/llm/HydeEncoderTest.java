/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.data.Queries;
import dev.quarry.core.vector.Encoder;
import dev.quarry.llm.testing.ChatServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HyDE's query vector: the unit-length mean of the query's vector and its hypothetical documents' vectors. */
class HydeEncoderTest {
  @TempDir Path temp;

  /** Vectors from texts (deterministic), recording which texts were encoded as queries and as passages. */
  static final class RecordingEncoder implements Encoder {
    final List<String> queries = new ArrayList<>();
    final List<String> passages = new ArrayList<>();

    static float[] vector(String text, boolean query) {
      float[] v = new float[4];
      for (int i = 0; i < text.length(); i++) {
        v[i % 4] += text.charAt(i) % 7;
      }
      v[3] += query ? 5 : 0;
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      for (int i = 0; i < 4; i++) {
        v[i] /= (float) Math.sqrt(norm);
      }
      return v;
    }

    @Override
    public String modelId() {
      return "recording";
    }

    @Override
    public int dimension() {
      return 4;
    }

    @Override
    public synchronized float[][] encodeQueries(List<String> texts) {
      queries.addAll(texts);
      return texts.stream().map(t -> vector(t, true)).toArray(float[][]::new);
    }

    @Override
    public synchronized float[][] encodePassages(List<String> texts) {
      passages.addAll(texts);
      return texts.stream().map(t -> vector(t, false)).toArray(float[][]::new);
    }

    @Override
    public void close() {}
  }

  @Test
  void averagesTheQueryWithItsHypotheticalDocuments() throws IOException {
    String claim = "0-dimensional biomaterials show inductive properties.";
    Path trace = temp.resolve("trace.jsonl");
    RecordingEncoder recording = new RecordingEncoder();
    LlmEndpoint endpoint = new LlmEndpoint(URI.create("http://localhost:1/v1"), ApiKey.NONE, Duration.ofSeconds(10),
        Backoff.DEFAULT, 4, 8, temp.resolve("llm"), Pricing.NONE);
    try (ChatServer server = new ChatServer(ChatServer::madeUp);
        Completions llm = Completions.open(new LlmEndpoint(URI.create(server.url()), endpoint.key(),
            endpoint.timeout(), endpoint.backoff(), 4, 8, endpoint.cache(), Pricing.NONE), "llama3.1:8b");
        Trace tracer = Trace.to(trace, new Queries(Map.of("1", claim, "7", "second claim")));
        HydeEncoder hyde = new HydeEncoder(recording, llm, PromptTemplate.load("hyde-scifact", HydeEncoder.SLOTS), 8,
            new Sampling(0.7, 1, 512, 0), tracer)) {
      float[][] vectors = hyde.encodeQueries(List.of(claim, "second claim"));

      assertEquals(2, server.requests().size());
      ChatServer.Request sent = server.requests().stream().filter(r -> r.prompt().contains(claim)).findFirst()
          .orElseThrow();
      assertEquals("Please write a scientific paper passage to support/refute the claim.\nClaim: " + claim
          + "\nPassage:", sent.prompt(), "the HyDE repository's SciFact prompt");
      assertEquals(8, sent.n());
      assertEquals(0.7, sent.body().get("temperature").asDouble());
      assertEquals(512, sent.body().get("max_tokens").asInt());

      assertEquals(List.of(claim, "second claim"), recording.queries, "queries encoded as queries");
      assertEquals(16, recording.passages.size(), "the documents encoded as passages, in one call");
      List<String> documents = hyde.documents(claim);
      float[] expected = new float[4];
      float[] q = RecordingEncoder.vector(claim, true);
      for (int d = 0; d < 4; d++) {
        expected[d] += q[d];
        for (String doc : documents) {
          expected[d] += RecordingEncoder.vector(doc, false)[d];
        }
      }
      double norm = 0;
      for (float x : expected) {
        norm += x * x;
      }
      for (int d = 0; d < 4; d++) {
        expected[d] /= (float) Math.sqrt(norm);
      }
      assertArrayEquals(expected, vectors[0], 1e-6f, "mean of the query and its 8 documents, at unit length");
      assertEquals(2, server.requests().size(), "documents asked once");

      assertEquals("recording", hyde.modelId(), "the index's own model: the dense index accepts it");
      assertArrayEquals(recording.encodePassages(List.of("p"))[0], hyde.encodePassages(List.of("p"))[0]);

      List<String> lines = Files.readAllLines(trace);
      JsonNode first = new ObjectMapper().readTree(lines.stream().filter(l -> l.contains("\"1\"")).findFirst()
          .orElseThrow());
      assertEquals("hyde", first.get("method").asText());
      assertEquals(8, first.get("passages").size());
      assertEquals(sent.prompt(), first.get("prompt").asText());
    }
  }

  @Test
  void theMeanHasUnitLength() {
    float[] mean = HydeEncoder.mean(new float[] {1, 0}, new float[][] {{0, 1}, {0, 1}, {1, 0}}, 1, 2);
    assertArrayEquals(new float[] {(float) (2 / Math.sqrt(5)), (float) (1 / Math.sqrt(5))}, mean, 1e-6f,
        "(1, 0) + (0, 1) + (1, 0), rows 1 and 2 of the documents, at unit length");
    assertThrows(IllegalArgumentException.class, () -> new HydeEncoder(new RecordingEncoder(), null, null, 0,
        new Sampling(0.7, 1, 512, 0), Trace.none()));
    assertTrue(HydeEncoder.SLOTS.contains("query"));
  }
}
