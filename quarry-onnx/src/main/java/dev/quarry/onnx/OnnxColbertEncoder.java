/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.onnx.weights.Safetensors;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A ColBERT encoder on ONNX Runtime (Khattab and Zaharia, SIGIR 2020): the transformer's last hidden states (the
 * model folder's {@code model.onnx}, a BERT graph as Quarry exports it), each projected by ColBERT's linear layer
 * without bias ({@value #PROJECTION}: {@code linear.weight} [dimension, hidden]) and scaled to unit length. Inputs
 * are {@link ColbertTokenizer}'s (markers, [MASK] augmentation, skip list).
 *
 * <p>Why the projection is applied here rather than patched into the graph: Quarry exports a trained model by writing
 * new bytes into the base graph's initializers ({@code OnnxWeights}), never by writing graph nodes, so the graph stays
 * the embedded model's; a 384 x 128 projection per token is under 1% of the transformer's arithmetic. It is summed in
 * index order in doubles, so the same text gives the same vectors in every run. Thread-safe.
 */
public final class OnnxColbertEncoder implements TokenEncoder {
  /** The projection's file in a ColBERT model folder. */
  public static final String PROJECTION = "colbert.safetensors";
  /** The projection's tensor, ColBERT's name for it. */
  public static final String PROJECTION_WEIGHT = "linear.weight";

  private final ModelSource model;
  private final OnnxTokenRunner runner;
  private final ColbertTokenizer tokenizer;
  private final float[] projection;
  private final int dimension;
  private final int hidden;

  /**
   * @param maxLength tokens a passage keeps, or 0 for the model's own ({@code max_length} of its {@code quarry.json})
   * @throws IllegalArgumentException for a model that is not a ColBERT model, naming both kinds
   */
  public OnnxColbertEncoder(ModelSource model, int batchSize, int threads, int intraOpThreads, int maxLength) {
    model.requireKind(ModelKind.COLBERT, "a ColBERT encoder needs a model trained as one (quarry train --kind"
        + " colbert)");
    ModelManifest manifest = ModelManifest.read(model.folder(), ModelKind.COLBERT, model.recipe()).orElseThrow();
    Path file = model.folder().resolve(PROJECTION);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("ColBERT model " + model.id() + " has no " + PROJECTION);
    }
    Safetensors.Tensor weight = Safetensors.read(file).get(PROJECTION_WEIGHT);
    if (weight == null || weight.shape().length != 2) {
      throw new IllegalArgumentException(file + ": no two-dimensional " + PROJECTION_WEIGHT);
    }
    this.model = model;
    this.tokenizer = new ColbertTokenizer(model, manifest.queryLength(),
        maxLength > 0 ? maxLength : model.recipe().maxLength());
    this.runner = new OnnxTokenRunner(model, batchSize, threads, intraOpThreads);
    this.hidden = runner.dimension();
    if (weight.shape()[1] != hidden) {
      runner.close(tokenizer::close);
      throw new IllegalArgumentException(file + ": " + PROJECTION_WEIGHT + " is " + weight.shape()[0] + " x "
          + weight.shape()[1] + "; the model's hidden size is " + hidden);
    }
    this.projection = weight.values();
    this.dimension = (int) weight.shape()[0];
  }

  @Override
  public String modelId() {
    return model.id();
  }

  public ModelSource model() {
    return model;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int queryLength() {
    return tokenizer.queryLength();
  }

  public int passageLength() {
    return tokenizer.passageLength();
  }

  @Override
  public TokenVectors[] encodeQueries(List<String> queries) {
    return runner.run(() -> tokenizer.queries(queries), (h, base, t) -> project(h, base, t, false))
        .toArray(new TokenVectors[0]);
  }

  @Override
  public TokenVectors[] encodePassages(List<String> passages) {
    return runner.run(() -> tokenizer.passages(passages), (h, base, t) -> project(h, base, t, true))
        .toArray(new TokenVectors[0]);
  }

  /** The projected, normalised vectors of a text's scored tokens. */
  private TokenVectors project(FloatBuffer states, int base, TextTokenizer.Tokens tokens, boolean passage) {
    boolean[] scored = tokenizer.scored(tokens, passage);
    int count = 0;
    for (boolean s : scored) {
      count += s ? 1 : 0;
    }
    float[] out = new float[count * dimension];
    float[] state = new float[hidden];
    double[] v = new double[dimension];
    int row = 0;
    for (int t = 0; t < scored.length; t++) {
      if (!scored[t]) {
        continue;
      }
      states.get(base + t * hidden, state, 0, hidden);
      double norm = 0;
      for (int j = 0; j < dimension; j++) {
        double sum = 0;
        int w = j * hidden;
        for (int h = 0; h < hidden; h++) {
          sum += (double) projection[w + h] * state[h];
        }
        v[j] = (float) sum;
        norm += v[j] * v[j];
      }
      double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
      for (int j = 0; j < dimension; j++) {
        out[row * dimension + j] = (float) (v[j] * scale);
      }
      row++;
    }
    return new TokenVectors(out, dimension);
  }

  @Override
  public long truncatedQueries() {
    return tokenizer.truncatedQueries();
  }

  @Override
  public long truncatedPassages() {
    return tokenizer.truncatedPassages();
  }

  @Override
  public void close() {
    runner.close(tokenizer::close);
  }

  @Override
  public String toString() {
    return "OnnxColbertEncoder[" + model.id() + ", dimension=" + dimension + ", query_length="
        + tokenizer.queryLength() + ", passage_length=" + tokenizer.passageLength() + "]";
  }
}
