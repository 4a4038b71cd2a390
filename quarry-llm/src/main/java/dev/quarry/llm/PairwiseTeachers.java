/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.quarry.core.io.ContentDigest;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.rerank.TeacherScoreCache;
import java.nio.file.Path;

/**
 * The one place a pairwise teacher's spec is resolved, for {@code distill} and {@code rerank --pairwise} alike:
 * {@code llm:MODEL} is {@code MODEL} at the server of {@code endpoint}, judging by PRP ({@link PrpReranker}); anything
 * else is the folder of a trained pairwise reranker on ONNX Runtime ({@link OnnxPairwiseReranker}). Either way the
 * teacher's judgements are kept in a {@link TeacherScoreCache} in {@code folder} (the corpus's teacher folder): a
 * trained reranker's file is named by its weights, a language model's by its name, the prompt and the decoding
 * settings (not by the server's address: the same model served elsewhere judges alike).
 */
public final class PairwiseTeachers {
  /** The prefix of a language model's spec. */
  public static final String LLM = "llm:";

  private PairwiseTeachers() {}

  /**
   * @param endpoint the server of an {@code llm:} teacher (null when none was given: such a teacher is refused)
   * @param threads ONNX Runtime threads of a trained reranker
   */
  public static PairwiseTeacher open(String spec, LlmEndpoint endpoint, Path folder, int threads) {
    if (!spec.startsWith(LLM)) {
      OnnxPairwiseReranker reranker = new OnnxPairwiseReranker(Path.of(spec), 8, threads);
      try {
        return new PairwiseTeacher(spec, reranker, new TeacherScoreCache(TeacherScoreCache.fileFor(folder, spec)),
            null);
      } catch (RuntimeException e) {
        reranker.close();
        throw e;
      }
    }
    String model = spec.substring(LLM.length()).strip();
    if (model.isEmpty()) {
      throw new IllegalArgumentException("pairwise teacher '" + spec + "': name the model after 'llm:', as its server"
          + " knows it (llm:MODEL)");
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("pairwise teacher '" + spec + "' is a language model: give its server with"
          + " --llm-url (an OpenAI-compatible endpoint, docs/LLM.md)");
    }
    PromptTemplate prompt = PromptTemplate.load("prp", PrpReranker.SLOTS);
    Path file = folder.resolve("llm-" + model.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
        + ContentDigest.of(model + "\n" + prompt.text() + "\n" + PrpReranker.SAMPLING.key()) + ".tsv");
    Completions llm = Completions.open(endpoint, model);
    try {
      return new PairwiseTeacher(spec, new PrpReranker(llm, prompt), new TeacherScoreCache(file), llm);
    } catch (RuntimeException e) {
      llm.close();
      throw e;
    }
  }
}
