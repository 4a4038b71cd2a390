/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local server that speaks OpenAI's chat-completions protocol (OkHttp's MockWebServer), for tests: it records every
 * request Quarry sends (body and Authorization header), answers from a function of the request (fixture files, or
 * made-up answers in the shape vLLM returns), and can be told to fail or garble its next answers. Token counts in
 * {@code usage} are real counts of OpenAI's cl100k_base tokenizer (jtokkit) over the prompt and the answers, so the
 * cost a trace records is what a GPT-3.5/4-class model would bill for the same texts.
 */
public final class ChatServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  /** A request as the server received it. */
  public record Request(JsonNode body, String authorization) {
    public String model() {
      return body.path("model").asText();
    }

    /** The single user message's text. */
    public String prompt() {
      return body.path("messages").path(0).path("content").asText();
    }

    public int n() {
      return body.path("n").asInt(1);
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedDeque<MockResponse> scripted = new ConcurrentLinkedDeque<>();
  private final Function<Request, String> answer;

  /** @param answer the body of a 200 answer to a request */
  public ChatServer(Function<Request, String> answer) {
    this.answer = answer;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest recorded) {
        Request request;
        try {
          request = new Request(JSON.readTree(recorded.getBody() == null ? "" : recorded.getBody().utf8()),
              recorded.getHeaders().get("Authorization"));
        } catch (IOException e) {
          return new MockResponse.Builder().code(400).body("not JSON").build();
        }
        requests.add(request);
        MockResponse next = scripted.poll();
        if (next != null) {
          return next;
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
            .body(ChatServer.this.answer.apply(request)).build();
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, as {@code --llm-url} takes it. */
  public String url() {
    return server.url("/v1").toString();
  }

  /** The next answer is {@code status} with {@code body}, whatever the request. */
  public void failNext(int status, String body) {
    scripted.add(new MockResponse.Builder().code(status).body(body).build());
  }

  /** The next answer is 200 with this raw body (to garble or cut it). */
  public void answerNext(String body) {
    scripted.add(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body)
        .build());
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** A chat.completion with one choice per text (as vLLM writes it), usage counted with cl100k_base. */
  public static String completion(Request request, List<String> texts) {
    ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-fixture").put("object", "chat.completion")
        .put("created", 1_700_000_000L).put("model", request.model());
    ArrayNode choices = root.putArray("choices");
    long completionTokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      ObjectNode choice = choices.addObject().put("index", i);
      choice.putObject("message").put("role", "assistant").put("content", texts.get(i));
      choice.putNull("logprobs");
      choice.put("finish_reason", "stop");
      completionTokens += CL100K.countTokens(texts.get(i));
    }
    usage(root, request, completionTokens);
    return root.toString();
  }

  /**
   * A chat.completion of one choice with token log-probabilities: {@code tokens} as the model generated them, each
   * with its top alternatives (token to log-probability, the generated one among them).
   */
  public static String completion(Request request, List<String> tokens, List<Map<String, Double>> alternatives) {
    ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-fixture").put("object", "chat.completion")
        .put("created", 1_700_000_000L).put("model", request.model());
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", String.join("", tokens));
    ArrayNode content = choice.putObject("logprobs").putArray("content");
    for (int i = 0; i < tokens.size(); i++) {
      ObjectNode t = content.addObject().put("token", tokens.get(i))
          .put("logprob", alternatives.get(i).getOrDefault(tokens.get(i), -0.01));
      ArrayNode top = t.putArray("top_logprobs");
      alternatives.get(i).forEach((token, lp) -> top.addObject().put("token", token).put("logprob", lp));
    }
    choice.put("finish_reason", "stop");
    usage(root, request, tokens.size());
    return root.toString();
  }

  private static void usage(ObjectNode root, Request request, long completionTokens) {
    long prompt = CL100K.countTokens(request.prompt());
    root.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completionTokens)
        .put("total_tokens", prompt + completionTokens);
  }

  /** A text file of the test fixtures ({@code dev/quarry/llm/fixtures/NAME}). */
  public static String fixture(String name) {
    try (InputStream in = ChatServer.class.getResourceAsStream("/dev/quarry/llm/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Answers every request with {@code n} passages made from its prompt ("Answer i: ..." and the prompt's first
   * words), for runs over many queries.
   */
  public static String madeUp(Request request) {
    String[] words = request.prompt().replaceAll("\\s+", " ").split(" ");
    String start = String.join(" ", java.util.Arrays.copyOfRange(words, 0, Math.min(12, words.length)));
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < request.n(); i++) {
      texts.add("Answer " + i + ": " + start);
    }
    return completion(request, texts);
  }

  private static final Pattern PASSAGE = Pattern.compile("Passage ([AB]): \"(.*?)\"\\n", Pattern.DOTALL);

  /**
   * A PRP judge: prefers the longer passage, with log-probabilities (0.8 against 0.2) when asked for them and the
   * answer's text alone otherwise.
   */
  public static String prefersLonger(Request request) {
    Matcher m = PASSAGE.matcher(request.prompt() + "\n");
    int[] lengths = new int[2];
    while (m.find()) {
      lengths[m.group(1).equals("A") ? 0 : 1] = m.group(2).length();
    }
    String winner = lengths[0] >= lengths[1] ? "A" : "B";
    String loser = winner.equals("A") ? "B" : "A";
    if (!request.body().path("logprobs").asBoolean(false)) {
      return completion(request, List.of("Passage " + winner));
    }
    return completion(request, List.of("Passage", " " + winner), List.of(Map.of("Passage", -0.001, "passage", -7.0),
        Map.of(" " + winner, Math.log(0.8), " " + loser, Math.log(0.2))));
  }

  @Override
  public void close() {
    server.close();
  }
}
