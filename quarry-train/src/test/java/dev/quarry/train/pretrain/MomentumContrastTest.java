/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertConfig;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MoCo's queue keeps keys first in, first out; the key encoder follows the trained one by momentum, by hand. */
class MomentumContrastTest {
  @Test
  void theQueueIsFirstInFirstOutAndWrapsAround() {
    MocoQueue queue = new MocoQueue(3, 2);
    assertEquals(0, queue.filled());
    queue.enqueue(new float[][] {{1, 1}, {2, 2}});
    assertArrayEquals(new float[][] {{1, 1}, {2, 2}}, queue.keys());
    queue.enqueue(new float[][] {{3, 3}, {4, 4}});
    // full: the oldest key (1) was overwritten by the fourth
    assertEquals(3, queue.filled());
    assertArrayEquals(new float[][] {{2, 2}, {3, 3}, {4, 4}}, queue.keys());
    queue.enqueue(new float[][] {{5, 5}, {6, 6}, {7, 7}, {8, 8}});
    assertArrayEquals(new float[][] {{6, 6}, {7, 7}, {8, 8}}, queue.keys());

    Map<String, Safetensors.Tensor> state = queue.state("q.");
    MocoQueue copy = new MocoQueue(3, 2);
    copy.restore(state, "q.");
    copy.enqueue(new float[][] {{9, 9}});
    queue.enqueue(new float[][] {{9, 9}});
    assertArrayEquals(queue.keys(), copy.keys(), "a restored queue goes on as the original");
    assertArrayEquals(new float[][] {{7, 7}, {8, 8}, {9, 9}}, copy.keys());
    assertThrows(IllegalArgumentException.class, () -> queue.enqueue(new float[][] {{1, 2, 3}}));
  }

  @Test
  void theKeyEncoderMovesTowardTheQueryEncoderByMomentum() {
    BertConfig tiny = new BertConfig(30522, 32, 1, 1, 64, 64, 2, 1e-12);
    BertWeights start = BertWeights.random(tiny, 3);
    BertWeights moved = BertWeights.random(tiny, 4);
    var source = ModelRegistry.resolve(ModelRegistry.DEFAULT_MODEL);
    try (BertEncoder query = new BertEncoder(source, moved, 16, 16, 4);
        MomentumEncoder key = new MomentumEncoder(new BertEncoder(source, start, 16, 16, 4), 0.9)) {
      String name = "encoder.layer.0.attention.self.query.weight";
      float[] k0 = key.encoder().parameters().get(name).toFloatArray();
      float[] q = query.parameters().get(name).toFloatArray();
      key.update(query);
      float[] k1 = key.encoder().parameters().get(name).toFloatArray();
      for (int i : new int[] {0, 1, 517, k0.length - 1}) {
        assertEquals(0.9 * k0[i] + 0.1 * q[i], k1[i], 1e-7, "k = 0.9 k + 0.1 q at " + i);
      }
      key.update(query);
      float[] k2 = key.encoder().parameters().get(name).toFloatArray();
      // twice: k = 0.81 k0 + 0.19 q
      assertEquals(0.81 * k0[517] + 0.19 * q[517], k2[517], 1e-7);
      NDArray anyKey = key.encoder().parameters().get("embeddings.LayerNorm.bias");
      assertEquals(false, anyKey.hasGradient(), "the key encoder takes no gradient");
      assertArrayEquals(q, query.parameters().get(name).toFloatArray(), "the query encoder is left as it was");
    }
  }
}
