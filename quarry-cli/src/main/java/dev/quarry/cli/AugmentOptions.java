/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.Queries;
import dev.quarry.llm.LlmEndpoint;
import dev.quarry.llm.QueryAugmentation;
import dev.quarry.llm.Sampling;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Query augmentation by a language model, for {@code search} and {@code evaluate}: LameR expands BM25's queries with
 * answers written from BM25's own candidates, HyDE searches a dense index with the mean of hypothetical documents and
 * the query. Unset options take the papers' settings ({@link QueryAugmentation.Settings#defaults}).
 */
final class AugmentOptions {
  @Option(names = "--augment", paramLabel = "lamer|hyde",
      description = "Augment each query with a language model at --llm-url: lamer (BM25; Shen et al. 2023) or hyde "
          + "(a dense index; Gao et al. 2022). docs/LLM.md.")
  QueryAugmentation.Method method;

  @Option(names = "--llm-model", paramLabel = "NAME", description = "The model's name at its server.")
  String model;

  @Option(names = "--candidates", paramLabel = "M",
      description = "LameR: BM25's top passages shown in the prompt (default: 10, the paper's).")
  Integer candidates;

  @Option(names = "--answers", paramLabel = "N",
      description = "Texts the model writes per query: LameR's answers (default 5), HyDE's documents (default 8).")
  Integer answers;

  @Option(names = "--prompt", paramLabel = "FILE|NAME",
      description = "The prompt: a file with the method's slots ({query}, and {passages} for LameR), or a built-in "
          + "one (lamer, hyde, hyde-scifact; default: the method's paper's).")
  String prompt;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Write each query's prompt, the model's texts, the expansion and the cost as a JSON line here.")
  Path trace;

  @Option(names = "--llm-temperature", paramLabel = "T", description = "Sampling temperature (default: 0.7).")
  Double temperature;

  @Option(names = "--llm-max-tokens", paramLabel = "N",
      description = "Tokens per generated text at most (default: 256 for LameR, 512 for HyDE).")
  Integer maxTokens;

  boolean given() {
    return method != null;
  }

  /** The augmentation asked for, at {@code endpoint}; null when none was. */
  QueryAugmentation open(LlmEndpoint endpoint, Queries queries) {
    if (method == null) {
      return null;
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("--augment " + method.label() + " needs a language model's server: give "
          + "--llm-url and --llm-model (docs/LLM.md)");
    }
    QueryAugmentation.Settings d = QueryAugmentation.Settings.defaults(method, model);
    Sampling s = d.sampling();
    QueryAugmentation.Settings settings = new QueryAugmentation.Settings(method, model,
        candidates != null ? candidates : d.candidates(), answers != null ? answers : d.answers(),
        new Sampling(temperature != null ? temperature : s.temperature(), s.topP(),
            maxTokens != null ? maxTokens : s.maxTokens(), 0), prompt != null ? prompt : d.prompt());
    return QueryAugmentation.open(settings, endpoint, trace, queries);
  }
}
