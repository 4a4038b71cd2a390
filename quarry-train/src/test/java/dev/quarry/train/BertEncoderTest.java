/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Weights loaded from the embedded models' ONNX files give ONNX Runtime's embeddings in DJL. */
class BertEncoderTest {
  static final List<String> TEXTS = List.of(
      "Microstructural development of human newborn cerebral white matter assessed in vivo by diffusion tensor"
          + " magnetic resonance imaging.",
      "0-dimensional biomaterials show inductive properties.",
      "a",
      "Alterations of the architecture of cerebral white matter in the developing human brain can affect cortical"
          + " development and result in functional disabilities. A line scan diffusion-weighted magnetic resonance"
          + " imaging (MRI) sequence with diffusion tensor analysis was applied to measure the apparent diffusion"
          + " coefficient, to calculate relative anisotropy, and to delineate three-dimensional fiber architecture.");

  @ParameterizedTest
  @ValueSource(strings = {"bge-small-en-v1.5", "all-MiniLM-L6-v2"})
  void loadedWeightsReproduceOnnxRuntime(String name) {
    ModelSource model = ModelRegistry.resolve(name);
    BertWeights weights = BertWeights.load(model);
    assertEquals(384, weights.config().hidden());
    try (BertEncoder djl = new BertEncoder(model, weights, 512, 512, 8);
        OnnxEncoder onnx = new OnnxEncoder(model, 8, 2, 512)) {
      float[][] expected = onnx.encodePassages(TEXTS);
      float[][] actual = djl.encodePassages(TEXTS);
      float[][] expectedQueries = onnx.encodeQueries(TEXTS.subList(0, 2));
      float[][] actualQueries = djl.encodeQueries(TEXTS.subList(0, 2));
      for (int i = 0; i < TEXTS.size(); i++) {
        for (int d = 0; d < 384; d++) {
          assertEquals(expected[i][d], actual[i][d], 1e-5, name + " text " + i + " dimension " + d);
        }
      }
      for (int i = 0; i < 2; i++) {
        for (int d = 0; d < 384; d++) {
          assertEquals(expectedQueries[i][d], actualQueries[i][d], 1e-5, name + " query " + i + " dimension " + d);
        }
      }
    }
  }
}
