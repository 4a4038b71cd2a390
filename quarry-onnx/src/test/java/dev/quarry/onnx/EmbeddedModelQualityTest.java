/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A regression check of each embedded model on a real SciFact slice (all 300 test queries, every relevant document,
 * and the distractors sharing the most words with the queries, 600 documents). The expected figures were recorded
 * on 2026-12-01 from the code whose full-corpus figures reproduce MTEB's to the fourth decimal (bge-small .7127,
 * MiniLM .6451: docs/BENCHMARKS.md, bench/dense-scifact.sh); the vectors themselves are checked against an oracle
 * written elsewhere by {@link LangChain4jOracleTest}. A change of recipe, tokenization or scoring moves these figures.
 */
class EmbeddedModelQualityTest {
  private static SciFactSlice slice;

  @BeforeAll
  static void load() {
    slice = SciFactSlice.load(600);
  }

  private static double ndcg10(ModelSource model) {
    try (OnnxEncoder encoder = new OnnxEncoder(model)) {
      float[][] docs = encoder.encodePassages(slice.texts());
      float[][] queries = encoder.encodeQueries(new ArrayList<>(slice.queries().asMap().values()));
      Metric ndcg = Metric.parse("ndcg@10");
      double value = new Evaluator(slice.qrels(), List.of(ndcg)).evaluate(slice.run(queries, docs)).mean(ndcg);
      System.err.printf("%s (%s): nDCG@10 %.4f on the slice (%d documents)%n", model.id(), model.recipe(), value,
          docs.length);
      return value;
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "bge-small-en-v1.5, 0.8466",
      "bge-small-en-v1.5-int8, 0.8502",
      "all-MiniLM-L6-v2, 0.8183",
      "all-MiniLM-L6-v2-int8, 0.8175",
      "e5-small-v2, 0.8454"})
  void sliceFigureIsTheRecordedOne(String model, double recorded) {
    assertEquals(recorded, ndcg10(ModelRegistry.resolve(model)), 0.001, model + " nDCG@10 on the slice");
  }

  /** MiniLM was trained with mean pooling; its [CLS] vector ranks worse. */
  @Test
  void miniLmNeedsItsMeanPooling() {
    ModelSource minilm = ModelRegistry.resolve("all-MiniLM-L6-v2");
    double mean = ndcg10(minilm);
    double cls = ndcg10(minilm.withRecipe(new EncoderRecipe(Pooling.CLS, true, "", "", 256)));
    assertTrue(mean > cls + 0.01, "mean pooling " + mean + " against CLS pooling " + cls);
  }
}
