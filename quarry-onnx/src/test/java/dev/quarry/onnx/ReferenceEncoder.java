/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.Map;

/**
 * The plainest possible encoder, written independently of {@link OnnxEncoder} as a test oracle: one text per ONNX
 * Runtime call, no padding, no sorting, the recipe applied by hand.
 */
final class ReferenceEncoder implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final EncoderRecipe recipe;

  ReferenceEncoder(ModelSource model) throws Exception {
    this.recipe = model.recipe();
    this.session = model.openSession(env, new OrtSession.SessionOptions());
    try (InputStream in = model.openTokenizer()) {
      this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "true", "padding", "false",
          "maxLength", Integer.toString(recipe.maxLength())));
    }
  }

  float[] query(String text) throws Exception {
    return encode(recipe.queryPrefix() + text);
  }

  float[] passage(String text) throws Exception {
    return encode(recipe.passagePrefix() + text);
  }

  private float[] encode(String text) throws Exception {
    Encoding encoding = tokenizer.encode(text);
    long[] ids = encoding.getIds();
    long[][] input = {ids};
    long[][] mask = {encoding.getAttentionMask()};
    long[][] types = {new long[ids.length]};
    try (OnnxTensor a = OnnxTensor.createTensor(env, input);
        OnnxTensor b = OnnxTensor.createTensor(env, mask);
        OnnxTensor c = OnnxTensor.createTensor(env, types);
        OrtSession.Result result = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
      float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
      float[] v = new float[hidden[0].length];
      if (recipe.pooling() == Pooling.CLS) {
        v = hidden[0].clone();
      } else {
        for (float[] token : hidden) {
          for (int d = 0; d < v.length; d++) {
            v[d] += token[d] / hidden.length;
          }
        }
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      for (int d = 0; d < v.length; d++) {
        v[d] /= (float) Math.sqrt(norm);
      }
      return v;
    }
  }

  @Override
  public void close() throws Exception {
    tokenizer.close();
    session.close();
  }
}
