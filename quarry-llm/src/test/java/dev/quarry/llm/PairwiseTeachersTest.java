/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.llm.testing.ChatServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one factory of pairwise teachers: llm:MODEL is PRP at the endpoint, behind a teacher score cache. */
class PairwiseTeachersTest {
  @TempDir Path temp;

  private static final Map<String, String> TEXTS = Map.of("d1", "A long passage about aspirin and heart attacks.",
      "d2", "Short.", "d3", "A medium passage.");

  @Test
  void anLlmSpecIsPrpBehindATeacherCache() throws Exception {
    try (ChatServer server = new ChatServer(ChatServer::prefersLonger)) {
      LlmEndpoint endpoint = LlmEndpoint.of(URI.create(server.url()), ApiKey.NONE, temp.resolve("llm"));
      List<String[]> pairs = List.of(new String[] {"d1", "d2"}, new String[] {"d2", "d1"}, new String[] {"d3", "d2"});
      float[] first;
      try (PairwiseTeacher teacher = PairwiseTeachers.open("llm:qwen2.5-7b-instruct", endpoint,
          temp.resolve("teachers"), 1)) {
        assertTrue(teacher.reranker() instanceof PrpReranker);
        assertTrue(teacher.cache().file().getFileName().toString().startsWith("llm-qwen2.5-7b-instruct-"),
            teacher.cache().file().toString());
        first = teacher.preferences("aspirin", pairs, TEXTS);
        assertEquals(0.8f, first[0], 1e-6);
        assertEquals(0.2f, first[1], 1e-6);
        assertEquals(4, server.requests().size(), "d1/d2 in both orders shares two prompts; d3/d2 two more");
        assertTrue(teacher.describe().startsWith("llm:qwen2.5-7b-instruct (PrpReranker[qwen2.5-7b-instruct"),
            teacher.describe());
        assertTrue(teacher.summary(Pricing.NONE).startsWith("llm: 4 requests (0 retries)"),
            teacher.summary(Pricing.NONE));
      }
      assertEquals(3, Files.readAllLines(temp.resolve("teachers").resolve(Files.list(temp.resolve("teachers"))
          .findFirst().orElseThrow().getFileName())).size(), "one judgement per ordered pair");
      try (PairwiseTeacher again = PairwiseTeachers.open("llm:qwen2.5-7b-instruct", endpoint,
          temp.resolve("teachers"), 1)) {
        float[] second = again.preferences("aspirin", pairs, TEXTS);
        assertEquals(first[2], second[2]);
        assertEquals(4, server.requests().size(), "judged before: nothing asked");
      }
    }
  }

  @Test
  void anLlmSpecNeedsAModelAndAnEndpoint() {
    IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class,
        () -> PairwiseTeachers.open("llm:qwen", null, temp, 1));
    assertEquals("pairwise teacher 'llm:qwen' is a language model: give its server with --llm-url (an"
        + " OpenAI-compatible endpoint, docs/LLM.md)", noUrl.getMessage());
    LlmEndpoint endpoint = LlmEndpoint.of(URI.create("http://localhost:8000/v1"), ApiKey.NONE, temp);
    IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
        () -> PairwiseTeachers.open("llm:", endpoint, temp, 1));
    assertTrue(noModel.getMessage().contains("name the model after 'llm:'"), noModel.getMessage());
  }
}
