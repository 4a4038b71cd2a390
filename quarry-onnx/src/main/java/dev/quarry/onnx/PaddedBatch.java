/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokenized texts padded to the longest of them: row-major token ids, token types and attention mask, the inputs of
 * a BERT encoder on ONNX Runtime or in DJL.
 *
 * @param rows the number of texts
 * @param width the longest text's length
 * @param ids token ids, 0 where padded
 * @param types token-type ids
 * @param mask 1 for tokens attended to, 0 for padding (and ColBERT's query [MASK] augmentation)
 */
public record PaddedBatch(int rows, int width, long[] ids, long[] types, long[] mask) {

  public static PaddedBatch of(List<TextTokenizer.Tokens> batch) {
    return of(batch, Math.max(1, batch.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(1)));
  }

  /** Padded to {@code width}, at least the longest text's length (chunks of one batch padded alike). */
  public static PaddedBatch of(List<TextTokenizer.Tokens> batch, int width) {
    int rows = batch.size();
    for (TextTokenizer.Tokens t : batch) {
      if (t.length() > width) {
        throw new IllegalArgumentException("a text of " + t.length() + " tokens does not fit a width of " + width);
      }
    }
    long[] ids = new long[rows * width];
    long[] types = new long[rows * width];
    long[] mask = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      TextTokenizer.Tokens t = batch.get(r);
      System.arraycopy(t.ids(), 0, ids, r * width, t.length());
      System.arraycopy(t.typeIds(), 0, types, r * width, t.length());
      Arrays.fill(mask, r * width, r * width + t.attended(), 1L);
    }
    return new PaddedBatch(rows, width, ids, types, mask);
  }

  /** The ONNX Runtime inputs ({@code token_type_ids} only if the graph takes it); the caller closes them. */
  public Map<String, OnnxTensor> tensors(OrtEnvironment env, boolean withTokenTypes) throws OrtException {
    long[] shape = {rows, width};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (withTokenTypes) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      return inputs;
    } catch (OrtException | RuntimeException e) {
      inputs.values().forEach(OnnxTensor::close);
      throw e;
    }
  }
}
