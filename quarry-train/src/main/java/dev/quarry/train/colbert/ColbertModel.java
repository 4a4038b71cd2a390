/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.colbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.quarry.onnx.ColbertTokenizer;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.TextTokenizer;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.RetrievalModel;
import dev.quarry.train.Scalars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ColBERT (Khattab and Zaharia, SIGIR 2020) as a trainable model: a BERT encoder's last hidden states, a linear
 * projection without bias to {@code dimension} (ColBERT's {@code linear}, [dimension, hidden]), each token vector
 * scaled to unit length; a query and a passage score by MaxSim, the sum over query tokens of the largest inner
 * product with a passage token. Inputs are {@link ColbertTokenizer}'s, the same as ONNX inference's. The projection
 * starts from a saved ColBERT model's or, for a new one, from PyTorch's default {@code nn.Linear} initialisation
 * (uniform in +-1/sqrt(hidden)), seeded. Owns its encoder.
 */
public final class ColbertModel implements RetrievalModel {
  /** ColBERT's dimension. */
  public static final int DIMENSION = 128;
  /** ColBERT's query length (query augmentation pads every query to it). */
  public static final int QUERY_LENGTH = 32;
  /** The passage length an exported model indexes with unless told otherwise (ColBERTv2's BEIR setting). */
  public static final int INDEX_LENGTH = 300;
  /** A score far below any MaxSim term: tokens that give no vector (padding, punctuation) are never the maximum. */
  private static final float EXCLUDED = -1e4f;

  private final BertEncoder encoder;
  private final ColbertTokenizer tokenizer;
  private final NDManager manager = NDManager.newBaseManager();
  /** [hidden, dimension]: stored [in, out] so that a token is {@code x.matMul(projection)}. */
  private final NDArray projection;
  private final int indexLength;

  /**
   * @param projection a saved projection ([dimension, hidden]), or null for a new one of {@value #DIMENSION}
   * @param indexLength the passage length the exported model indexes with
   */
  public ColbertModel(BertEncoder encoder, Safetensors.Tensor projection, int queryLength, int passageLength,
      int indexLength, long seed) {
    int hidden = encoder.config().hidden();
    this.encoder = encoder;
    this.indexLength = indexLength;
    Safetensors.Tensor start = projection != null ? projection : initial(hidden, seed);
    if (start.shape().length != 2 || start.shape()[1] != hidden) {
      throw new IllegalArgumentException("a ColBERT projection must be [dimension, " + hidden + "]; got "
          + Arrays.toString(start.shape()));
    }
    this.projection = manager.create(transpose(start).values(), new Shape(hidden, start.shape()[0]));
    this.projection.setRequiresGradient(true);
    this.tokenizer = new ColbertTokenizer(encoder.model(), queryLength, passageLength);
  }

  /** The saved projection of a ColBERT model folder, or null for any other model (a new projection is drawn). */
  public static Safetensors.Tensor savedProjection(ModelSource model) {
    if (model.folder() == null || model.kind() != ModelKind.COLBERT) {
      return null;
    }
    Path file = model.folder().resolve(OnnxColbertEncoder.PROJECTION);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("ColBERT model " + model.id() + " has no " + OnnxColbertEncoder.PROJECTION);
    }
    return Safetensors.read(file).get(OnnxColbertEncoder.PROJECTION_WEIGHT);
  }

  private static Safetensors.Tensor initial(int hidden, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float bound = (float) (1 / Math.sqrt(hidden));
    float[] w = new float[DIMENSION * hidden];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return new Safetensors.Tensor(new long[] {DIMENSION, hidden}, w);
  }

  private static Safetensors.Tensor transpose(Safetensors.Tensor t) {
    int rows = (int) t.shape()[0];
    int columns = (int) t.shape()[1];
    float[] out = new float[rows * columns];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[c * rows + r] = t.values()[r * columns + c];
      }
    }
    return new Safetensors.Tensor(new long[] {columns, rows}, out);
  }

  public BertEncoder encoder() {
    return encoder;
  }

  public ColbertTokenizer tokenizer() {
    return tokenizer;
  }

  /** A batch's token vectors and which of them count. */
  public record TokenBatch(NDArray vectors, NDArray bias) {}

  /**
   * The unit token vectors of texts, [texts, width, dimension], and a bias [texts, width] that is 0 for a token
   * that gives a vector and far below any score for one that does not (padding, a passage's punctuation).
   */
  public TokenBatch vectors(NDManager step, List<String> texts, boolean passages, boolean training) {
    TextTokenizer.Tokens[] tokens = passages ? tokenizer.passages(texts) : tokenizer.queries(texts);
    NDArray states = encoder.tokenStates(step, Arrays.asList(tokens), training);
    NDArray projected = states.matMul(projection);
    NDArray norm = projected.norm(new int[] {2}, true);
    norm = norm.maximum(Scalars.of(norm, 1e-12));
    NDArray unit = projected.div(norm);
    int width = (int) states.getShape().get(1);
    float[] bias = new float[tokens.length * width];
    Arrays.fill(bias, EXCLUDED);
    for (int r = 0; r < tokens.length; r++) {
      boolean[] scored = tokenizer.scored(tokens[r], passages);
      for (int t = 0; t < scored.length; t++) {
        if (scored[t]) {
          bias[r * width + t] = 0;
        }
      }
    }
    return new TokenBatch(unit, step.create(bias, new Shape(tokens.length, width)));
  }

  /** MaxSim of every query with every passage, [queries, passages]. */
  @Override
  public NDArray scores(NDManager step, List<String> queries, List<String> passages, boolean training) {
    TokenBatch q = vectors(step, queries, false, training);
    TokenBatch p = vectors(step, passages, true, training);
    return maxSim(q, p);
  }

  /** [B, N] from queries [B, Lq, d] and passages [N, Lp, d]: sum over query tokens of the max over passage tokens. */
  static NDArray maxSim(TokenBatch q, TokenBatch p) {
    Shape qs = q.vectors().getShape();
    Shape ps = p.vectors().getShape();
    long b = qs.get(0);
    long lq = qs.get(1);
    long n = ps.get(0);
    long lp = ps.get(1);
    long d = qs.get(2);
    NDArray products = q.vectors().reshape(b * lq, d).matMul(p.vectors().reshape(n * lp, d).transpose())
        .reshape(b, lq, n, lp);
    // query tokens all count (the [MASK] augmentation too); a passage's excluded tokens never win the max
    NDArray biased = products.add(p.bias().reshape(1, 1, n, lp));
    return biased.max(new int[] {3}).sum(new int[] {1});
  }

  @Override
  public float[][] scoreGroups(List<String> queries, List<List<String>> passages) {
    float[][] scores = new float[queries.size()][];
    for (int i = 0; i < scores.length; i++) {
      try (NDManager step = manager.newSubManager()) {
        NDArray s = scores(step, List.of(queries.get(i)), passages.get(i), false);
        scores[i] = s.toFloatArray();
      }
    }
    return scores;
  }

  @Override
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> all = new LinkedHashMap<>(encoder.parameters());
    all.put(OnnxColbertEncoder.PROJECTION_WEIGHT, projection);
    return all;
  }

  /** The projection in ColBERT's layout, [dimension, hidden]. */
  public Safetensors.Tensor projection() {
    long[] shape = projection.getShape().getShape();
    return transpose(new Safetensors.Tensor(shape, projection.toFloatArray()));
  }

  @Override
  public Map<String, Safetensors.Tensor> state() {
    Map<String, Safetensors.Tensor> state = new LinkedHashMap<>(encoder.weights().tensors());
    state.put(OnnxColbertEncoder.PROJECTION_WEIGHT, projection());
    return state;
  }

  @Override
  public void restore(Map<String, Safetensors.Tensor> state) {
    Map<String, Safetensors.Tensor> encoderState = new LinkedHashMap<>(state);
    Safetensors.Tensor saved = encoderState.remove(OnnxColbertEncoder.PROJECTION_WEIGHT);
    if (saved == null) {
      throw new IllegalArgumentException("the saved state lacks the projection '"
          + OnnxColbertEncoder.PROJECTION_WEIGHT + "'");
    }
    try (NDArray values = manager.create(transpose(saved).values(), projection.getShape())) {
      projection.subi(projection).addi(values);
    }
    encoder.restore(encoderState);
  }

  @Override
  public boolean export(Path folder) {
    return ColbertExport.save(encoder.weights(), projection(), encoder.model(), tokenizer.queryLength(), indexLength,
        folder);
  }

  @Override
  public void close() {
    tokenizer.close();
    manager.close();
    encoder.close();
  }

  @Override
  public String toString() {
    return "ColbertModel[" + encoder.model().id() + ", query_length=" + tokenizer.queryLength() + ", passage_length="
        + tokenizer.passageLength() + ", dimension=" + projection.getShape().get(1) + "]";
  }
}
