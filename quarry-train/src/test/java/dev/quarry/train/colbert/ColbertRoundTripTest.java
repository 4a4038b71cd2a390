/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.colbert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.quarry.core.vector.MaxSim;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ColBERT model trained in DJL and exported gives, on ONNX Runtime, the token vectors and MaxSim scores it gave in
 * DJL; and each kind of model is refused where the other is expected.
 */
class ColbertRoundTripTest {
  static final String QUERY = "does aspirin reduce the risk of heart attacks in adults over fifty years of age, and by"
      + " how much, according to randomised controlled trials and the meta-analyses of them?";
  static final List<String> PASSAGES = List.of(
      "Aspirin lowers the risk of myocardial infarction in trials (a meta-analysis of 12 studies).",
      "The stock market fell sharply on Monday.",
      "Heart attacks are treated in hospitals; aspirin, given early, helps.");

  @TempDir Path temp;

  @Test
  void onnxVectorsEqualTrainingVectors() {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    Path folder = temp.resolve("colbert");
    float[][] djlScores;
    float[][] djlQuery;
    try (ColbertModel model = new ColbertModel(new BertEncoder(base, BertWeights.load(base), 32, 64, 8), null, 32,
        64, 64, 7)) {
      model.export(folder);
      try (NDManager step = NDManager.newBaseManager()) {
        djlScores = new float[][] {model.scores(step, List.of(QUERY), PASSAGES, false).toFloatArray()};
        ColbertModel.TokenBatch q = model.vectors(step, List.of(QUERY), false, false);
        djlQuery = new float[][] {q.vectors().toFloatArray()};
      }
    }
    try (OnnxColbertEncoder onnx = new OnnxColbertEncoder(ModelRegistry.resolve(folder.toString()), 2, 1, 1, 0)) {
      assertEquals(128, onnx.dimension());
      TokenVectors query = onnx.encodeQueries(List.of(QUERY))[0];
      assertEquals(32, query.count(), "every query is padded with [MASK] to 32 tokens, all of them scored");
      assertEquals(1, onnx.truncatedQueries(), "the long query was cut at 32 tokens, and counted");
      for (int i = 0; i < query.values().length; i++) {
        assertEquals(djlQuery[0][i], query.values()[i], 1e-4, "query vector value " + i);
      }
      TokenVectors[] passages = onnx.encodePassages(PASSAGES);
      for (int p = 0; p < PASSAGES.size(); p++) {
        assertEquals(djlScores[0][p], MaxSim.exact(query, passages[p]), 1e-3, "passage " + p);
      }
      assertTrue(MaxSim.exact(query, passages[0]) > MaxSim.exact(query, passages[1]));
    }
  }

  @Test
  void eachKindIsRefusedWhereTheOtherIsExpected() {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    Path folder = temp.resolve("colbert");
    try (ColbertModel model = new ColbertModel(new BertEncoder(base, BertWeights.load(base), 32, 64, 8), null, 32,
        64, 64, 7)) {
      model.export(folder);
    }
    ModelSource colbert = ModelRegistry.resolve(folder.toString());
    assertEquals(ModelKind.COLBERT, colbert.kind());
    IllegalArgumentException dense = assertThrows(IllegalArgumentException.class, () -> new OnnxEncoder(colbert));
    assertTrue(dense.getMessage().contains("is a colbert model, not a dense model"), dense.getMessage());
    IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
        () -> new OnnxColbertEncoder(base, 2, 1, 1, 0));
    assertTrue(late.getMessage().contains("is a dense model, not a colbert model"), late.getMessage());
  }
}
