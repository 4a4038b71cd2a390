/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2.E5SmallV2EmbeddingModel;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quarry's encoders against an oracle written elsewhere: LangChain4j's in-process embedding models (their own
 * tokenization, pooling and normalisation over the same ONNX files) must give the same vectors for the texts each
 * model's card prescribes: bge-small's query instruction, e5's {@code query: }/{@code passage: } prefixes, MiniLM's
 * mean pooling. A wrong pooling, prefix or normalisation in Quarry's recipe fails here.
 */
class LangChain4jOracleTest {
  private static final String BGE_INSTRUCTION = "Represent this sentence for searching relevant passages: ";
  private static final FixtureTexts TEXTS = FixtureTexts.load();

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("bge-small-en-v1.5", (Supplier<EmbeddingModel>) BgeSmallEnV15EmbeddingModel::new,
            BGE_INSTRUCTION, ""),
        Arguments.of("bge-small-en-v1.5-int8", (Supplier<EmbeddingModel>) BgeSmallEnV15QuantizedEmbeddingModel::new,
            BGE_INSTRUCTION, ""),
        Arguments.of("all-MiniLM-L6-v2", (Supplier<EmbeddingModel>) AllMiniLmL6V2EmbeddingModel::new, "", ""),
        Arguments.of("all-MiniLM-L6-v2-int8", (Supplier<EmbeddingModel>) AllMiniLmL6V2QuantizedEmbeddingModel::new,
            "", ""),
        Arguments.of("e5-small-v2", (Supplier<EmbeddingModel>) E5SmallV2EmbeddingModel::new, "query: ",
            "passage: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void quarryEncodesAsLangChain4jDoes(String name, Supplier<EmbeddingModel> oracle, String queryPrefix,
      String passagePrefix) {
    EmbeddingModel reference = oracle.get();
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(name))) {
      assertSame(reference, passagePrefix, TEXTS.passages(), encoder.encodePassages(TEXTS.passages()),
          name + " passage");
      assertSame(reference, queryPrefix, TEXTS.queries(), encoder.encodeQueries(TEXTS.queries()), name + " query");
    }
  }

  private static void assertSame(EmbeddingModel reference, String prefix, List<String> texts, float[][] actual,
      String what) {
    List<TextSegment> segments = texts.stream().map(text -> TextSegment.from(prefix + text)).toList();
    List<float[]> expected = reference.embedAll(segments).content().stream().map(e -> e.vector()).toList();
    for (int i = 0; i < texts.size(); i++) {
      for (int d = 0; d < actual[i].length; d++) {
        assertEquals(expected.get(i)[d], actual[i][d], 1e-4, what + " " + i + " dimension " + d);
      }
    }
  }
}
