/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompts: the built-in ones load, a user's file replaces them, and a slot is filled once, by its value only. */
class PromptTemplateTest {
  @TempDir Path temp;

  @Test
  void builtInPromptsHaveTheirMethodsSlots() {
    assertEquals("Please write a passage to answer the question.\nQuestion: {query}\nPassage:",
        PromptTemplate.load("hyde", HydeEncoder.SLOTS).text(), "texttron/hyde's web-search prompt, no newline after");
    PromptTemplate.load("hyde-scifact", HydeEncoder.SLOTS);
    PromptTemplate.load("lamer", LameRRetriever.SLOTS);
    PromptTemplate.load("prp", PrpReranker.SLOTS);
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> PromptTemplate.load("prp", LameRRetriever.SLOTS));
    assertTrue(wrong.getMessage().startsWith("prompt prp (built in) has a slot {passage_a} this method does not fill"),
        wrong.getMessage());
  }

  @Test
  void aFileReplacesTheBuiltInPrompt() throws IOException {
    Path file = temp.resolve("mine.txt");
    Files.writeString(file, "Claim: {query}\nCandidates:\n{passages}\nWrite the abstract that decides it.\n\n");
    PromptTemplate mine = PromptTemplate.load(file.toString(), LameRRetriever.SLOTS);
    assertEquals("Claim: {passages} cost $5 \\o/\nCandidates:\n1. a\nWrite the abstract that decides it.",
        mine.render(Map.of("query", "{passages} cost $5 \\o/", "passages", "1. a")),
        "values are never filled in again, and are taken literally");

    Files.writeString(file, "Question: {query}\n");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> PromptTemplate.load(file.toString(), LameRRetriever.SLOTS));
    assertTrue(missing.getMessage().startsWith("prompt " + file + " has no {passages}"), missing.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> PromptTemplate.load("lamer-v2", Set.of("query")));
    assertEquals("prompt 'lamer-v2' is neither a file nor a built-in prompt (lamer, hyde, hyde-scifact, prp)",
        none.getMessage());
  }
}
