/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.onnx.TextTokenizer;
import java.util.List;

/**
 * A model {@code /v1/embeddings} serves: its encoder (shared with the dense indexes of the same model) and a
 * tokenizer of its own, which counts the tokens OpenAI's {@code usage} reports (special tokens included, after
 * truncation to the model's maximum length: what the model read). Thread-safe.
 */
public record EmbeddingModel(String name, OnnxEncoder encoder, TextTokenizer tokenizer) implements AutoCloseable {

  /** The tokens the model reads for these texts. */
  public long tokens(List<String> texts) {
    long count = 0;
    for (TextTokenizer.Tokens t : tokenizer.encode(texts)) {
      count += t.length();
    }
    return count;
  }

  /** Closes the tokenizer; the encoder belongs to the catalog. */
  @Override
  public void close() {
    tokenizer.close();
  }
}
