/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.onnx.weights.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model round-trips: ONNX Runtime on the exported folder gives the DJL model's embeddings. */
class ModelExportTest {
  @TempDir Path temp;

  @Test
  void exportedOnnxServesTheChangedWeights() {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    BertWeights original = BertWeights.load(base);
    // Perturb every weight, as training would, so that an export of the old values cannot pass.
    SplittableRandom random = new SplittableRandom(1);
    Map<String, Safetensors.Tensor> changed = new LinkedHashMap<>();
    original.tensors().forEach((name, t) -> {
      float[] v = t.values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) ((random.nextDouble() - 0.5) * 0.01);
      }
      changed.put(name, new Safetensors.Tensor(t.shape(), v));
    });
    BertWeights trained = new BertWeights(original.config(), changed);
    Path folder = temp.resolve("model");
    assertTrue(ModelExport.save(trained, base, folder, false));
    for (String file : new String[] {"config.json", "tokenizer.json", "model.safetensors", "model.onnx", "quarry.json"}) {
      assertTrue(Files.isRegularFile(folder.resolve(file)), file);
    }
    ModelSource exported = ModelRegistry.resolve(folder.toString());
    assertEquals(base.recipe(), exported.recipe());
    BertWeights reloaded = BertWeights.load(exported);
    assertEquals(trained.config(), reloaded.config());
    try (BertEncoder djl = new BertEncoder(exported, reloaded, 256, 256, 8);
        BertEncoder djlTrained = new BertEncoder(base, trained, 256, 256, 8);
        OnnxEncoder onnx = new OnnxEncoder(exported, 8, 2, 256);
        OnnxEncoder onnxBase = new OnnxEncoder(base, 8, 2, 256)) {
      float[][] expected = djlTrained.encodePassages(BertEncoderTest.TEXTS);
      float[][] fromOnnx = onnx.encodePassages(BertEncoderTest.TEXTS);
      float[][] fromSafetensors = djl.encodePassages(BertEncoderTest.TEXTS);
      float[][] before = onnxBase.encodePassages(BertEncoderTest.TEXTS);
      double moved = 0;
      for (int i = 0; i < expected.length; i++) {
        for (int d = 0; d < expected[i].length; d++) {
          assertEquals(expected[i][d], fromOnnx[i][d], 1e-5);
          assertEquals(expected[i][d], fromSafetensors[i][d], 1e-6);
          moved = Math.max(moved, Math.abs(expected[i][d] - before[i][d]));
        }
      }
      assertTrue(moved > 1e-3, "the perturbation changed the embeddings");
    }
  }

  /**
   * A model of a shape no base graph has (a small BERT from random weights) gets an ONNX graph of its own, which ONNX
   * Runtime serves with the DJL model's embeddings, for both poolings, padding included; and its weights read back
   * from that graph as from the safetensors file.
   */
  @Test
  void aModelOfAnotherShapeGetsAGraphOfItsOwn() {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    BertWeights tiny = BertWeights.random(new BertConfig(30522, 64, 2, 2, 256, 512, 2, 1e-12), 7);
    Path folder = temp.resolve("tiny");
    assertTrue(ModelExport.save(tiny, base, folder, false));
    assertTrue(Files.isRegularFile(folder.resolve("model.onnx")));
    assertEquals(tiny.config(), BertConfig.read(folder.resolve("config.json")));
    BertWeights reloaded = BertWeights.fromSafetensors(folder.resolve("model.safetensors"), tiny.config());
    BertWeights fromGraph = BertWeights.fromOnnx(dev.quarry.onnx.weights.OnnxWeights.read(folder.resolve("model.onnx")),
        ModelRegistry.resolve(folder.toString()));
    tiny.tensors().forEach((name, t) -> {
      assertEquals(java.util.Arrays.toString(t.values()), java.util.Arrays.toString(reloaded.tensors().get(name).values()),
          name);
      assertEquals(java.util.Arrays.toString(t.values()), java.util.Arrays.toString(fromGraph.tensors().get(name).values()),
          name);
    });
    for (dev.quarry.onnx.Pooling pooling : dev.quarry.onnx.Pooling.values()) {
      ModelSource exported = ModelRegistry.resolve(folder.toString());
      exported = exported.withRecipe(new dev.quarry.onnx.EncoderRecipe(pooling, true, "", "", 256));
      try (BertEncoder djl = new BertEncoder(exported, tiny, 256, 256, 8);
          OnnxEncoder onnx = new OnnxEncoder(exported, 8, 2, 256)) {
        float[][] expected = djl.encodePassages(BertEncoderTest.TEXTS);
        float[][] got = onnx.encodePassages(BertEncoderTest.TEXTS);
        for (int i = 0; i < expected.length; i++) {
          for (int d = 0; d < expected[i].length; d++) {
            assertEquals(expected[i][d], got[i][d], 1e-5, pooling + " text " + i + " dimension " + d);
          }
        }
      }
    }
  }
}
