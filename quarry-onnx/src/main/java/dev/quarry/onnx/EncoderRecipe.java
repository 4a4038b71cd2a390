/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import java.util.Objects;

/**
 * What a model needs besides its weights to give the embeddings it was trained for. A wrong recipe silently costs
 * points (BGE without its query instruction, MiniLM with CLS pooling), so each embedded model carries its own.
 *
 * @param pooling how token vectors become one vector
 * @param normalize whether vectors are scaled to unit length (then inner product is cosine similarity)
 * @param queryPrefix text put before every query (an instruction, or E5's {@code "query: "})
 * @param passagePrefix text put before every passage (E5's {@code "passage: "})
 * @param maxLength the most tokens a text keeps, special tokens included; longer texts are truncated and counted
 */
public record EncoderRecipe(Pooling pooling, boolean normalize, String queryPrefix, String passagePrefix,
    int maxLength) {

  public EncoderRecipe {
    Objects.requireNonNull(pooling, "pooling");
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
    passagePrefix = passagePrefix == null ? "" : passagePrefix;
    if (maxLength < 8 || maxLength > 8192) {
      throw new IllegalArgumentException("maxLength must be between 8 and 8192; got " + maxLength);
    }
  }

  public EncoderRecipe withMaxLength(int length) {
    return new EncoderRecipe(pooling, normalize, queryPrefix, passagePrefix, length);
  }

  @Override
  public String toString() {
    // the names quarry.json gives them (ModelManifest)
    return "pooling=" + pooling.name().toLowerCase(java.util.Locale.ROOT) + ", normalize=" + normalize
        + ", max_length=" + maxLength + (queryPrefix.isEmpty() ? "" : ", query_prefix=\"" + queryPrefix + "\"")
        + (passagePrefix.isEmpty() ? "" : ", passage_prefix=\"" + passagePrefix + "\"");
  }
}
