/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.onnx.TextTokenizer;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} through a client no one here wrote: LangChain4j's {@link OpenAiEmbeddingModel} pointed
 * at the server's base URL. Its vectors must be {@link OnnxEncoder}'s own, in both of OpenAI's encodings.
 */
class EmbeddingsApiTest {
  static final List<String> TEXTS = List.of(
      "Open access articles are cited more often than articles behind a paywall.",
      "ALDH1 is a marker of normal and malignant human mammary stem cells.",
      "Cats sleep.");

  static TestServer t;
  static float[][] passages;
  static float[][] queries;
  static long tokens;

  @BeforeAll
  static void start() {
    t = TestServer.get();
    var source = ModelRegistry.resolve(TestServer.EMBEDDING_MODEL);
    try (OnnxEncoder encoder = new OnnxEncoder(source);
        TextTokenizer tokenizer = new TextTokenizer(source, encoder.recipe().maxLength())) {
      passages = encoder.encodePassages(TEXTS);
      queries = encoder.encodeQueries(TEXTS);
      for (TextTokenizer.Tokens tok : tokenizer.encode(TEXTS)) {
        tokens += tok.length();
      }
    }
  }

  OpenAiEmbeddingModel.OpenAiEmbeddingModelBuilder client() {
    return OpenAiEmbeddingModel.builder().baseUrl(t.url("/v1")).apiKey("not-needed")
        .modelName(TestServer.EMBEDDING_MODEL).maxRetries(0);
  }

  @Test
  void langChain4jGetsOnnxEncodersVectors() {
    Response<List<Embedding>> response = client().build().embedAll(TEXTS.stream().map(TextSegment::from).toList());
    assertEquals(TEXTS.size(), response.content().size());
    for (int i = 0; i < TEXTS.size(); i++) {
      assertArrayEquals(passages[i], response.content().get(i).vector(), 1e-6f, "text " + i);
    }
    assertEquals(tokens, response.tokenUsage().inputTokenCount().longValue(), "usage counts the tokens read");
    assertEquals(384, client().build().embed("one text").content().dimension());
  }

  @Test
  void base64AndQueryEncodingThroughTheSameClient() {
    List<Embedding> base64 = client().encodingFormat("base64").build()
        .embedAll(TEXTS.stream().map(TextSegment::from).toList()).content();
    List<Embedding> asQueries = client().customParameters(Map.of("input_type", "query")).build()
        .embedAll(TEXTS.stream().map(TextSegment::from).toList()).content();
    for (int i = 0; i < TEXTS.size(); i++) {
      assertArrayEquals(passages[i], base64.get(i).vector(), 0f, "base64 carries the exact floats");
      assertArrayEquals(queries[i], asQueries.get(i).vector(), 1e-6f, "bge's query instruction is applied");
    }
  }

  @Test
  void theResponseHasOpenAisShape() {
    TestServer.Response r = t.post("/v1/embeddings", Map.of("model", TestServer.EMBEDDING_MODEL, "input",
        TEXTS.get(2)));
    assertEquals(200, r.status(), r.body());
    JsonNode body = r.json();
    assertEquals("list", body.get("object").asText());
    assertEquals("embedding", body.at("/data/0/object").asText());
    assertEquals(0, body.at("/data/0/index").asInt());
    assertEquals(384, body.at("/data/0/embedding").size());
    assertEquals(TestServer.EMBEDDING_MODEL, body.get("model").asText());
    assertTrue(body.at("/usage/prompt_tokens").asInt() > 2);
    assertEquals(body.at("/usage/prompt_tokens").asInt(), body.at("/usage/total_tokens").asInt());
    JsonNode models = t.get("/v1/models").json();
    assertEquals(2, models.get("data").size(), "the dense index's model and the one given: " + models);
  }

  @Test
  void badEmbeddingRequestsAre400sNamingTheParameter() {
    String model = "\"model\": \"" + TestServer.EMBEDDING_MODEL + "\"";
    String tooMany = SearchApiTest.toJson(Collections.nCopies(TestServer.LIMITS.maxBatch() + 1, "x"));
    Map<String, String> cases = Map.ofEntries(
        Map.entry("{\"input\": \"x\"}", "model"),
        Map.entry("{\"model\": \"gpt-4\", \"input\": \"x\"}", "model"),
        Map.entry("{\"model\": \"../../etc/passwd\", \"input\": \"x\"}", "model"),
        Map.entry("{\"model\": \"/work\", \"input\": \"x\"}", "model"),
        Map.entry("{" + model + "}", "input"),
        Map.entry("{" + model + ", \"input\": \"\"}", "input"),
        Map.entry("{" + model + ", \"input\": []}", "input"),
        Map.entry("{" + model + ", \"input\": [[1, 2, 3]]}", "input"),
        Map.entry("{" + model + ", \"input\": 7}", "input"),
        Map.entry("{" + model + ", \"input\": " + tooMany + "}", "input"),
        Map.entry("{" + model + ", \"input\": \"x\", \"encoding_format\": \"int8\"}", "encoding_format"),
        Map.entry("{" + model + ", \"input\": \"x\", \"dimensions\": 256}", "dimensions"),
        Map.entry("{" + model + ", \"input\": \"x\", \"input_type\": \"document\"}", "input_type"),
        Map.entry("{" + model + ", \"input\": \"x\"", "body"),
        Map.entry("[]", "body"));
    cases.forEach((body, param) -> {
      TestServer.Response r = t.post("/v1/embeddings", body);
      assertEquals(400, r.status(), body + ": " + r.body());
      assertEquals(param, r.param(), body + ": " + r.body());
    });
  }
}
