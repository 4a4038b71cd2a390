/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import com.fasterxml.jackson.core.JacksonException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.openai.internal.OpenAiClient;
import dev.langchain4j.model.openai.internal.ParsedAndRawResponse;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import dev.langchain4j.model.openai.internal.chat.UserMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LanguageModel} behind any server that speaks OpenAI's chat-completions protocol (vLLM, llama.cpp's
 * server, Ollama, hosted APIs), through LangChain4j's OpenAI client on the JDK's HTTP client (HTTP/1.1: some local
 * servers mishandle the JDK's h2c upgrade). A request carries {@code model}, one user message, {@code temperature},
 * {@code top_p}, {@code max_tokens}, {@code n}, and {@code logprobs} with {@code top_logprobs} when asked for.
 * LangChain4j's {@code OpenAiChatModel} (its {@code ChatModel} API) refuses a response of more than one choice
 * ("expected exactly one choice") and so cannot sample {@code n} answers in one request; its {@link OpenAiClient},
 * which that model is built on, sends the same request and returns every choice. It lives in LangChain4j's
 * {@code internal} package, so its version is pinned and {@code OpenAiCompatibleModelTest} holds the requests and
 * answers to the protocol.
 *
 * <p>At most {@link LlmEndpoint#concurrency} requests are in flight at once. A request that fails in a way another
 * try may cure (HTTP 408, 429, 5xx, a timeout, a connection refused or cut) is retried after the {@link Backoff}'s
 * delays (LangChain4j's own retries are off, so that each is counted); a response that breaks the protocol is
 * refused at once ({@link MalformedResponseException}). Thread-safe.
 */
public final class OpenAiCompatibleModel implements LanguageModel {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleModel.class);

  private final String model;
  private final LlmEndpoint endpoint;
  private final OpenAiClient client;
  private final Semaphore permits;
  private final UsageMeter meter;

  public OpenAiCompatibleModel(LlmEndpoint endpoint, String model, UsageMeter meter) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a language model needs the name its server knows it by (--llm-model)");
    }
    this.model = model;
    this.endpoint = endpoint;
    this.meter = meter;
    this.permits = new Semaphore(endpoint.concurrency(), true);
    this.client = OpenAiClient.builder()
        .baseUrl(endpoint.url().toString())
        .apiKey(endpoint.key().secret())
        .connectTimeout(endpoint.timeout())
        .readTimeout(endpoint.timeout())
        .httpClientBuilder(JdkHttpClient.builder()
            .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)))
        .build();
  }

  @Override
  public String name() {
    return model;
  }

  @Override
  public Generation generate(String prompt, Sampling sampling, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive; got " + n);
    }
    ChatCompletionRequest request = ChatCompletionRequest.builder()
        .model(model)
        .messages(UserMessage.from(prompt))
        .temperature(sampling.temperature())
        .topP(sampling.topP())
        .maxTokens(sampling.maxTokens())
        .n(n)
        .logprobs(sampling.logprobs() ? Boolean.TRUE : null)
        .topLogprobs(sampling.logprobs() ? sampling.topLogprobs() : null)
        .build();
    for (int attempt = 0; ; attempt++) {
      RuntimeException failure;
      acquire();
      try {
        ParsedAndRawResponse<ChatCompletionResponse> response = client.chatCompletion(request).executeRaw();
        Generation generation = ChatResponses.read(response.parsedResponse(), response.rawHttpResponse().body());
        meter.answered(generation);
        return generation;
      } catch (MalformedResponseException e) {
        throw e;
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        permits.release();
      }
      Throwable root = root(failure);
      if (!retriable(failure, root)) {
        throw refused(failure, root);
      }
      if (attempt >= endpoint.backoff().retries()) {
        throw new IllegalStateException("the LLM server at " + endpoint.url() + " failed " + (attempt + 1)
            + " times: " + describe(failure, root), failure);
      }
      Duration delay = endpoint.backoff().delay(attempt + 1);
      meter.retried();
      LOG.warn("LLM request failed ({}); retry {} of {} in {} ms", describe(failure, root), attempt + 1,
          endpoint.backoff().retries(), delay.toMillis());
      sleep(delay);
    }
  }

  /** HTTP 408, 429 and 5xx, timeouts, and connections refused or cut may pass on another try. */
  private static boolean retriable(RuntimeException failure, Throwable root) {
    if (root instanceof HttpException http) {
      int status = http.statusCode();
      return status == 408 || status == 429 || status >= 500;
    }
    return failure instanceof TimeoutException || root instanceof IOException && !(root instanceof JacksonException);
  }

  /**
   * An error status that another try will not change (400, 401, 404...), or an answer that could not be read: the
   * server answered 200 but LangChain4j could not parse it (not JSON, cut short).
   */
  private RuntimeException refused(RuntimeException failure, Throwable root) {
    if (root instanceof HttpException) {
      return new IllegalStateException("the LLM server at " + endpoint.url() + " refused the request: "
          + describe(failure, root), failure);
    }
    if (root instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while waiting for the LLM server", failure);
    }
    String what = root instanceof JacksonException json ? json.getOriginalMessage() : String.valueOf(root.getMessage());
    return new MalformedResponseException("the server's response is not a chat completion (not JSON, or cut short: "
        + endpoint.key().redact(what).replace('\n', ' ') + ")", failure);
  }

  private String describe(RuntimeException failure, Throwable root) {
    String text;
    if (root instanceof HttpException http) {
      String body = http.getMessage() == null ? "" : http.getMessage().strip().replace('\n', ' ');
      text = "HTTP " + http.statusCode() + (body.isEmpty() ? "" : ": " + (body.length() > 300
          ? body.substring(0, 300) + "..." : body));
    } else if (failure instanceof TimeoutException) {
      text = "no answer within " + endpoint.timeout().toSeconds() + " s";
    } else if (causes(failure, ConnectException.class)) {
      text = "cannot connect: is a server listening at " + endpoint.url() + "?";
    } else {
      text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
    return endpoint.key().redact(text);
  }

  private static boolean causes(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the LLM server", e);
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry an LLM request", e);
    }
  }

  @Override
  public void close() {
    // the JDK's HTTP client holds no resource that outlives its requests
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleModel[" + model + " at " + endpoint.url() + "]";
  }
}
