/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.quarry.core.data.Queries;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.vector.Encoder;
import dev.quarry.lucene.Bm25Searcher;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A query augmented by a language model before it is searched, as {@code search} and {@code evaluate} offer it
 * ({@code --augment}): {@link Method#LAMER} expands a BM25 query with answers the model writes from BM25's own
 * candidates ({@link LameRRetriever}); {@link Method#HYDE} searches a dense index with the mean vector of
 * hypothetical documents and the query ({@link HydeEncoder}). Holds the model (its completions cached) and the trace.
 */
public final class QueryAugmentation implements AutoCloseable {
  /** The methods, by the name a user types. */
  public enum Method {
    LAMER, HYDE;

    /** The name as a user types it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What a method does for each query.
   *
   * @param model the model's name at its server
   * @param candidates LameR: BM25's top passages in the prompt (M)
   * @param answers texts generated per query: LameR's answers (N), HyDE's hypothetical documents (N)
   * @param prompt a built-in prompt's name or a file ({@link PromptTemplate#load})
   */
  public record Settings(Method method, String model, int candidates, int answers, Sampling sampling, String prompt) {
    public Settings {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("--augment " + method.label() + " needs the model's name at its server"
            + " (--llm-model)");
      }
      if (candidates < 1) {
        throw new IllegalArgumentException("candidates must be positive; got " + candidates);
      }
      if (answers < 1) {
        throw new IllegalArgumentException("answers must be positive; got " + answers);
      }
    }

    /**
     * The papers' settings: LameR's M = 10 candidates and N = 5 answers (sampled at HyDE's temperature, 0.7, at most
     * 256 tokens each: see docs/LLM.md); HyDE's N = 8 documents, temperature 0.7, at most 512 tokens.
     */
    public static Settings defaults(Method method, String model) {
      return method == Method.LAMER
          ? new Settings(method, model, 10, 5, new Sampling(0.7, 1, 256, 0), "lamer")
          : new Settings(method, model, 10, 8, new Sampling(0.7, 1, 512, 0), "hyde");
    }
  }

  private final Settings settings;
  private final Completions llm;
  private final PromptTemplate prompt;
  private final Trace trace;

  private QueryAugmentation(Settings settings, Completions llm, PromptTemplate prompt, Trace trace) {
    this.settings = settings;
    this.llm = llm;
    this.prompt = prompt;
    this.trace = trace;
  }

  /**
   * Opens the model at {@code endpoint} for {@code settings}.
   *
   * @param traceFile where each query's prompt and expansion are written (null: nowhere)
   * @param queries the queries to be searched, for the trace's ids
   */
  public static QueryAugmentation open(Settings settings, LlmEndpoint endpoint, Path traceFile, Queries queries) {
    PromptTemplate prompt = PromptTemplate.load(settings.prompt(), settings.method() == Method.LAMER
        ? LameRRetriever.SLOTS : HydeEncoder.SLOTS);
    Completions llm = Completions.open(endpoint, settings.model());
    try {
      return new QueryAugmentation(settings, llm, prompt, traceFile == null ? Trace.none()
          : Trace.to(traceFile, queries));
    } catch (RuntimeException e) {
      llm.close();
      throw e;
    }
  }

  public Method method() {
    return settings.method();
  }

  /** LameR over {@code bm25}, whose candidates show the model their {@code texts}; owns the searcher. */
  public Retriever lamer(Bm25Searcher bm25, Map<String, String> texts) {
    require(Method.LAMER);
    return new LameRRetriever(bm25, texts, llm, prompt, settings.candidates(), settings.answers(),
        settings.sampling(), trace);
  }

  /** HyDE's query vectors from {@code encoder}, the dense index's model; owns the encoder. */
  public Encoder hyde(Encoder encoder) {
    require(Method.HYDE);
    return new HydeEncoder(encoder, llm, prompt, settings.answers(), settings.sampling(), trace);
  }

  private void require(Method method) {
    if (settings.method() != method) {
      throw new IllegalStateException("this augmentation is " + settings.method().label() + ", not "
          + method.label());
    }
  }

  /** The method and its settings, for the configuration a command prints. */
  public String describe() {
    Sampling s = settings.sampling();
    return settings.method() == Method.LAMER
        ? String.format(Locale.ROOT, "lamer: %s writes %d answers from BM25's top %d (%s), prompt %s",
            settings.model(), settings.answers(), settings.candidates(), s, prompt)
        : String.format(Locale.ROOT, "hyde: %s writes %d documents (%s), prompt %s", settings.model(),
            settings.answers(), s, prompt);
  }

  /** What the model cost so far: the line a command ends with. */
  public String summary(Pricing pricing) {
    return llm.meter().describe(pricing);
  }

  @Override
  public void close() {
    try {
      llm.close();
    } finally {
      trace.close();
    }
  }
}
