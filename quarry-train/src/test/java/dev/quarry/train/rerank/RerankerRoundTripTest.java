/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxCrossEncoder;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.onnx.Pooling;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reranker saved by Quarry scores on ONNX Runtime exactly as it scored in DJL. */
class RerankerRoundTripTest {
  @TempDir Path temp;

  @Test
  void crossEncoderAndPairwiseRerankerRoundTrip() {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    EncoderRecipe recipe = new EncoderRecipe(Pooling.CLS, false, "", "", 128);
    String query = "does aspirin reduce heart attacks";
    List<String> passages = List.of("Aspirin lowers the risk of myocardial infarction in trials.",
        "The stock market fell sharply on Monday.", "Heart attacks are treated in hospitals.");
    try (CrossEncoderHead model = new CrossEncoderHead(new BertEncoder(base, recipe, BertWeights.load(base), 32, 128,
        8), ModelKind.CROSS_ENCODER, null, 3)) {
      Path cross = temp.resolve("cross");
      RerankerExport.save(model.encoder().weights(), model.head(), base, ModelKind.CROSS_ENCODER, 128, cross);
      Path duo = temp.resolve("duo");
      RerankerExport.save(model.encoder().weights(), model.head(), base, ModelKind.PAIRWISE, 128, duo);
      float[] djl;
      float[] djlTriples;
      try (NDManager step = NDManager.newBaseManager()) {
        djl = model.logits(step, model.encoder().tokenizePairs(passages.stream()
            .map(p -> new String[] {query, p}).toList()), false).toFloatArray();
        List<String[]> triple = List.<String[]>of(new String[] {query, passages.get(0), passages.get(1)});
        djlTriples = model.logits(step, model.encoder().tokenizeTriples(triple, OnnxPairwiseReranker.QUERY_TOKENS),
            false).toFloatArray();
      }
      try (OnnxCrossEncoder onnx = new OnnxCrossEncoder(cross, 4, 1)) {
        float[] scores = onnx.score(query, passages);
        for (int i = 0; i < scores.length; i++) {
          assertEquals(djl[i], scores[i], 1e-4, "passage " + i);
        }
      }
      try (OnnxPairwiseReranker onnx = new OnnxPairwiseReranker(duo, 4, 1)) {
        float p = onnx.preferences(query, List.<String[]>of(new String[] {passages.get(0), passages.get(1)}))[0];
        assertEquals(1 / (1 + Math.exp(-djlTriples[0])), p, 1e-4);
      }
      var kept = RerankerExport.head(cross, ModelKind.CROSS_ENCODER).orElseThrow();
      assertEquals(model.head().keySet(), kept.keySet());
      assertTrue(java.util.Arrays.equals(model.head().get(CrossEncoderHead.WEIGHT).values(),
          kept.get(CrossEncoderHead.WEIGHT).values()), "training from a cross-encoder goes on with its head");
      assertTrue(RerankerExport.head(cross, ModelKind.PAIRWISE).isEmpty(),
          "a pairwise reranker started from a cross-encoder gets a new head");
      assertTrue(RerankerExport.head(temp, ModelKind.CROSS_ENCODER).isEmpty(),
          "a folder without a reranker's quarry.json has no head");
      IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
          () -> new OnnxPairwiseReranker(cross, 4, 1));
      assertTrue(wrongKind.getMessage().contains("is a cross-encoder model, not a pairwise reranker"),
          wrongKind.getMessage());
    }
  }
}
