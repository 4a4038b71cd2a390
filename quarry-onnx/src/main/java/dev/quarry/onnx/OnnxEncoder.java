/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import dev.quarry.core.vector.Encoder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A dual encoder on ONNX Runtime: texts are tokenized, sorted by length and run in batches padded only to the
 * longest text in the batch, pooled and normalised by the model's recipe, and returned in their original order.
 * Batches run concurrently, one per thread, each on a single intra-op thread, and batches are small (2 texts by
 * default): on CPU a BERT layer's activations for a large batch overflow the caches, and one intra-op thread per
 * batch wastes no time synchronising; measured on SciFact, batches of 2 on 2 threads encode 1.2x faster than
 * batches of 16 on 2 intra-op threads (docs/BENCHMARKS.md). The session and its batching are
 * {@link OnnxTokenRunner}'s. Thread-safe (ONNX Runtime sessions are); {@link #close} waits for the calls under way.
 * A model that quantizes its activations at run time (the int8 exports) gets one text per call: the quantization
 * scale is taken over the whole batch, so a text's vector would depend on the texts beside it (cosine down to .98
 * against the text alone, measured on MiniLM int8).
 */
public final class OnnxEncoder implements Encoder {
  /** Texts per ONNX Runtime call by default (see the class comment). */
  public static final int DEFAULT_BATCH = 2;

  private final ModelSource model;
  private final EncoderRecipe recipe;
  private final OnnxTokenRunner runner;
  private final TextTokenizer tokenizer;
  private final int dimension;

  /**
   * @param batchSize texts per ONNX Runtime call (always 1 for a model that quantizes activations at run time)
   * @param threads batches run at once (each on one ONNX Runtime intra-op thread)
   * @param maxLength tokens kept per text, or 0 for the model's own maximum
   */
  public OnnxEncoder(ModelSource model, int batchSize, int threads, int maxLength) {
    this(model, batchSize, threads, 1, maxLength);
  }

  /**
   * @param intraOpThreads ONNX Runtime threads inside each call (1 is fastest on small CPUs, see the class comment)
   * @throws IllegalArgumentException for a model that is not a dual encoder (a ColBERT model, a reranker)
   */
  public OnnxEncoder(ModelSource model, int batchSize, int threads, int intraOpThreads, int maxLength) {
    model.requireKind(ModelKind.DENSE, "a dense encoder needs a dense model");
    this.model = model;
    this.recipe = maxLength > 0 ? model.recipe().withMaxLength(maxLength) : model.recipe();
    this.runner = new OnnxTokenRunner(model, batchSize, threads, intraOpThreads);
    this.dimension = runner.dimension();
    this.tokenizer = new TextTokenizer(model, recipe.maxLength());
  }

  public OnnxEncoder(ModelSource model) {
    this(model, DEFAULT_BATCH, Runtime.getRuntime().availableProcessors(), 0);
  }

  @Override
  public String modelId() {
    return model.id();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** The model this encoder runs. */
  public ModelSource model() {
    return model;
  }

  public EncoderRecipe recipe() {
    return recipe;
  }

  public int batchSize() {
    return runner.batchSize();
  }

  /** Texts truncated to the maximum length so far. */
  @Override
  public long truncatedCount() {
    return tokenizer.truncatedCount();
  }

  @Override
  public float[][] encodeQueries(List<String> queries) {
    return encode(prefixed(recipe.queryPrefix(), queries));
  }

  @Override
  public float[][] encodePassages(List<String> passages) {
    return encode(prefixed(recipe.passagePrefix(), passages));
  }

  private static List<String> prefixed(String prefix, List<String> texts) {
    return prefix.isEmpty() ? texts : texts.stream().map(t -> prefix + t).toList();
  }

  private float[][] encode(List<String> texts) {
    return runner.run(() -> tokenizer.encode(texts), this::pool).toArray(new float[0][]);
  }

  private float[] pool(FloatBuffer hidden, int base, TextTokenizer.Tokens tokens) {
    float[] v = new float[dimension];
    int length = tokens.length();
    if (recipe.pooling() == Pooling.CLS) {
      hidden.get(base, v, 0, dimension);
    } else {
      float[] token = new float[dimension];
      for (int t = 0; t < length; t++) {
        hidden.get(base + t * dimension, token, 0, dimension);
        for (int d = 0; d < dimension; d++) {
          v[d] += token[d];
        }
      }
      for (int d = 0; d < dimension; d++) {
        v[d] /= length;
      }
    }
    if (recipe.normalize()) {
      double norm = 0;
      for (float x : v) {
        norm += (double) x * x;
      }
      float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
      for (int d = 0; d < dimension; d++) {
        v[d] *= scale;
      }
    }
    return v;
  }

  /** Waits for the encoding calls under way (closing under them crashed the JVM), then frees the native objects. */
  @Override
  public void close() {
    runner.close(tokenizer::close);
  }

  @Override
  public String toString() {
    return "OnnxEncoder[" + model.id() + ", " + recipe + ", dimension=" + dimension + ", batchSize="
        + runner.batchSize() + ", threads=" + runner.threads() + "]";
  }
}
