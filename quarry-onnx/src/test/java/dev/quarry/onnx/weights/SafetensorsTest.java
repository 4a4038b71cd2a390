/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path temp;

  /** A resumed run holds its tensors in another order than a run never interrupted; both must export alike. */
  @Test
  void theSameTensorsGiveTheSameBytesInWhateverOrderTheyCome() throws IOException {
    Map<String, Safetensors.Tensor> forward = new LinkedHashMap<>();
    Map<String, Safetensors.Tensor> backward = new LinkedHashMap<>();
    String[] names = {"a.weight", "b.bias", "c.weight", "d.bias"};
    for (int i = 0; i < names.length; i++) {
      forward.put(names[i], new Safetensors.Tensor(new long[] {2}, new float[] {i, -i}));
    }
    for (int i = names.length - 1; i >= 0; i--) {
      backward.put(names[i], forward.get(names[i]));
    }
    Path one = temp.resolve("one.safetensors");
    Path two = temp.resolve("two.safetensors");
    Safetensors.write(one, forward, Map.of("format", "pt"));
    Safetensors.write(two, backward, Map.of("format", "pt"));
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
    for (String name : names) {
      assertArrayEquals(forward.get(name).values(), Safetensors.read(two).get(name).values(), name);
    }
  }
}
