/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.langchain4j.model.openai.internal.chat.ChatCompletionChoice;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import dev.langchain4j.model.openai.internal.chat.LogProb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat-completions response (OpenAI's {@code chat.completion} object, which vLLM, llama.cpp's server and Ollama
 * return too) as LangChain4j parsed it, checked and turned into a {@link Generation}: every choice's
 * {@code message.content} and {@code finish_reason}, with {@code logprobs.content} and each token's
 * {@code top_logprobs} when present, and {@code usage}. An answer without choices or without a choice's text is
 * refused with a message that quotes the start of the body.
 */
final class ChatResponses {
  private static final int QUOTED = 200;

  private ChatResponses() {}

  static Generation read(ChatCompletionResponse response, String body) {
    if (response == null || response.choices() == null || response.choices().isEmpty()) {
      throw malformed("has no choices", body);
    }
    List<ChatCompletionChoice> choices = new ArrayList<>(response.choices());
    choices.sort(Comparator.comparingInt(c -> c.index() == null ? 0 : c.index()));
    List<Completion> completions = new ArrayList<>();
    for (ChatCompletionChoice choice : choices) {
      if (choice.message() == null || choice.message().content() == null) {
        throw malformed("has a choice without message content", body);
      }
      completions.add(new Completion(choice.message().content(), choice.finishReason(),
          tokens(choice.logprobs() == null ? null : choice.logprobs().content(), body)));
    }
    var usage = response.usage();
    return new Generation(completions, new Usage(1, usage == null || usage.promptTokens() == null ? 0
        : usage.promptTokens(), usage == null || usage.completionTokens() == null ? 0 : usage.completionTokens()));
  }

  private static List<Completion.Token> tokens(List<LogProb> content, String body) {
    List<Completion.Token> tokens = new ArrayList<>();
    if (content == null) {
      return tokens;
    }
    for (LogProb t : content) {
      if (t.token() == null || t.logprob() == null) {
        throw malformed("has a log-probability entry without token and logprob", body);
      }
      Map<String, Double> alternatives = new LinkedHashMap<>();
      if (t.topLogprobs() != null) {
        for (LogProb a : t.topLogprobs()) {
          if (a.token() != null && a.logprob() != null) {
            alternatives.merge(a.token(), a.logprob(), Math::max);
          }
        }
      }
      tokens.add(new Completion.Token(t.token(), t.logprob(), alternatives));
    }
    return tokens;
  }

  static MalformedResponseException malformed(String what, String body) {
    String start = body == null ? "" : body.length() <= QUOTED ? body : body.substring(0, QUOTED) + "...";
    return new MalformedResponseException("the server's response " + what + ": " + start.replace('\n', ' '));
  }
}
