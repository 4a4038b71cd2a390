/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.quarry.core.vector.Encoder;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.PaddedBatch;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.TextTokenizer;
import dev.quarry.onnx.weights.Safetensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trainable BERT encoder written from DJL array operations with Hugging Face's semantics, so that weights load
 * 1:1 by name: word + position + token-type embeddings and LayerNorm; per layer, multi-head self-attention with the
 * padding mask, output projection, residual and LayerNorm, then an exact (erf) GELU feed-forward, residual and
 * LayerNorm; CLS or masked-mean pooling; optional L2 normalisation. Batches run in chunks of {@value #CHUNK}.
 * Dropout (rate 0.1, as BERT trains) applies only when training; scalar operands come from {@link Scalars}.
 * (DJL's own {@code BertBlock} is not this model: it uses BatchNorm and a fixed length.)
 *
 * <p>Parameters live on the encoder's manager, linear weights stored [in, out] so that a layer is
 * {@code x.matMul(w)}; {@link #weights()} converts back to Hugging Face's layout. The {@link Encoder} methods
 * encode without gradients, sorted by length and padded per batch. Not thread-safe.
 */
public final class BertEncoder implements Encoder, RetrievalModel {
  /** The dropout rate of BERT's training. */
  public static final float DROPOUT = 0.1f;
  /**
   * Sequences run through the layers together. A batch is cut into chunks of this many and the pooled vectors
   * joined (one graph, the same gradients): on CPU, a layer's tensors for 32 sequences of 256 tokens overflow the
   * caches, and chunks of 8 run 2 to 4 times faster forward and backward (measured, docs/BENCHMARKS.md).
   */
  static final int CHUNK = 8;

  private final ModelSource model;
  private final BertConfig config;
  private final EncoderRecipe recipe;
  private final NDManager manager;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final TextTokenizer queryTokenizer;
  private final TextTokenizer passageTokenizer;
  private final int batchSize;
  private float dropout = DROPOUT;
  private boolean attentionDropout;

  /**
   * @param queryLength tokens kept per query
   * @param passageLength tokens kept per passage
   * @param batchSize texts per forward pass when encoding without gradients
   */
  public BertEncoder(ModelSource model, BertWeights weights, int queryLength, int passageLength, int batchSize) {
    this(model, model.recipe(), weights, queryLength, passageLength, batchSize);
  }

  /** With a recipe of its own: a cross-encoder pools [CLS] without normalising, whatever its base model did. */
  public BertEncoder(ModelSource model, EncoderRecipe recipe, BertWeights weights, int queryLength, int passageLength,
      int batchSize) {
    this.model = model;
    this.config = weights.config();
    this.recipe = recipe;
    this.batchSize = batchSize;
    this.manager = NDManager.newBaseManager();
    weights.tensors().forEach((name, t) -> {
      boolean linear = t.shape().length == 2 && name.startsWith("encoder.");
      Safetensors.Tensor stored = linear ? BertWeights.transpose(t) : t;
      NDArray array = manager.create(stored.values(), new Shape(stored.shape()));
      array.setRequiresGradient(true);
      parameters.put(name, array);
    });
    this.queryTokenizer = new TextTokenizer(model, queryLength);
    this.passageTokenizer = new TextTokenizer(model, passageLength);
  }

  /** The model this encoder was made from: its tokenizer, recipe and (for export) ONNX graph. */
  public ModelSource model() {
    return model;
  }

  /** Tokens kept per passage (and per query-passage pair). */
  public int passageLength() {
    return passageTokenizer.maxLength();
  }

  public BertConfig config() {
    return config;
  }

  public EncoderRecipe recipe() {
    return recipe;
  }

  /** The trainable parameters by Hugging Face name (linear weights [in, out]). */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /**
   * Whether dropout also applies to the attention probabilities, as BERT's pre-training did. Off by default: on CPU,
   * drawing a mask over every head's L x L probabilities costs as much as the forward pass itself (measured,
   * docs/BENCHMARKS.md), while dropout on the hidden states, which stays on, is most of the regularisation.
   */
  public void setAttentionDropout(boolean on) {
    this.attentionDropout = on;
  }

  /** Sets the dropout rate used when training (0 turns it off). */
  public void setDropout(float rate) {
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1); got " + rate);
    }
    this.dropout = rate;
  }

  public List<TextTokenizer.Tokens> tokenizeQueries(List<String> queries) {
    return Arrays.asList(queryTokenizer.encode(prefixed(recipe.queryPrefix(), queries)));
  }

  public List<TextTokenizer.Tokens> tokenizePassages(List<String> passages) {
    return Arrays.asList(passageTokenizer.encode(prefixed(recipe.passagePrefix(), passages)));
  }

  /** Query-passage pairs for a cross-encoder: {@code [CLS] q [SEP] p [SEP]}, cut at the passage length. */
  public List<TextTokenizer.Tokens> tokenizePairs(List<String[]> pairs) {
    List<TextTokenizer.Tokens> out = new ArrayList<>(pairs.size());
    for (String[] pair : pairs) {
      out.add(passageTokenizer.encodePair(pair[0], pair[1]));
    }
    return out;
  }

  /** Query and two passages for a pairwise reranker: {@code [CLS] q [SEP] a [SEP] b [SEP]}. */
  public List<TextTokenizer.Tokens> tokenizeTriples(List<String[]> triples, int queryTokens) {
    List<TextTokenizer.Tokens> out = new ArrayList<>(triples.size());
    for (String[] t : triples) {
      out.add(passageTokenizer.encodeTriple(t[0], t[1], t[2], queryTokens));
    }
    return out;
  }

  private static List<String> prefixed(String prefix, List<String> texts) {
    return prefix.isEmpty() ? texts : texts.stream().map(t -> prefix + t).toList();
  }

  /**
   * The pooled (and, by the recipe, normalised) vectors of a batch, [batch, hidden], recorded for gradients when
   * called inside a gradient collector. Every intermediate array is attached to {@code step}.
   */
  public NDArray forward(NDManager step, List<TextTokenizer.Tokens> batch, boolean training) {
    if (batch.size() <= CHUNK) {
      return forwardChunk(step, batch, training);
    }
    NDList parts = new NDList();
    for (int from = 0; from < batch.size(); from += CHUNK) {
      parts.add(forwardChunk(step, batch.subList(from, Math.min(batch.size(), from + CHUNK)), training));
    }
    return ai.djl.ndarray.NDArrays.concat(parts, 0);
  }

  private NDArray forwardChunk(NDManager step, List<TextTokenizer.Tokens> batch, boolean training) {
    PaddedBatch padded = PaddedBatch.of(batch);
    NDArray maskArray = mask(step, padded);
    NDArray x = hiddenStates(step, padded, maskArray, training);
    NDArray pooled;
    if (recipe.pooling() == Pooling.CLS) {
      pooled = x.get(new NDIndex(":, 0, :"));
    } else {
      NDArray m = maskArray.expandDims(2);
      pooled = x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
    }
    if (recipe.normalize()) {
      NDArray norm = pooled.norm(new int[] {1}, true);
      norm = norm.maximum(Scalars.of(norm, 1e-12));
      pooled = pooled.div(norm);
    }
    return pooled;
  }

  /**
   * The last hidden states of a batch, [batch, width, hidden], every chunk padded to the batch's longest text (the
   * token vectors late interaction scores), recorded for gradients inside a gradient collector.
   */
  public NDArray tokenStates(NDManager step, List<TextTokenizer.Tokens> batch, boolean training) {
    int width = Math.max(1, batch.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(1));
    NDList parts = new NDList();
    for (int from = 0; from < batch.size(); from += CHUNK) {
      PaddedBatch padded = PaddedBatch.of(batch.subList(from, Math.min(batch.size(), from + CHUNK)), width);
      parts.add(hiddenStates(step, padded, mask(step, padded), training));
    }
    return parts.size() == 1 ? parts.singletonOrThrow() : ai.djl.ndarray.NDArrays.concat(parts, 0);
  }

  /** [rows, width]: 1 for the tokens attention sees, 0 for padding. */
  private static NDArray mask(NDManager step, PaddedBatch padded) {
    float[] mask = new float[padded.rows() * padded.width()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = padded.mask()[i];
    }
    return step.create(mask, new Shape(padded.rows(), padded.width()));
  }

  private NDArray hiddenStates(NDManager step, PaddedBatch padded, NDArray maskArray, boolean training) {
    int rows = padded.rows();
    int width = padded.width();
    Shape shape = new Shape(rows, width);
    NDArray idArray = step.create(padded.ids(), shape);
    NDArray typeArray = step.create(padded.types(), shape);
    NDArray positions = step.arange(0, width, 1, DataType.INT64).reshape(1, width);

    NDArray words = embed(idArray, "embeddings.word_embeddings.weight");
    NDArray x = words.addi(embed(positions, "embeddings.position_embeddings.weight"))
        .addi(embed(typeArray, "embeddings.token_type_embeddings.weight"));
    NDArray normed = replace(x, layerNorm(x, "embeddings.LayerNorm"));
    x = replace(normed, dropout(normed, training));
    // Padding gets a very large negative score before the softmax, as in Hugging Face's extended attention mask.
    NDArray attentionBias = maskArray.neg().addi(1).muli(-1e9f).reshape(rows, 1, 1, width);
    for (int l = 0; l < config.layers(); l++) {
      x = replace(x, layer(x, attentionBias, "encoder.layer." + l + ".", rows, width, training));
    }
    return x;
  }

  /** Inner products of the pooled query and passage vectors, [queries, passages]. */
  @Override
  public NDArray scores(NDManager step, List<String> queries, List<String> passages, boolean training) {
    NDArray q = forward(step, tokenizeQueries(queries), training);
    NDArray p = forward(step, tokenizePassages(passages), training);
    return q.matMul(p.transpose());
  }

  /** Every distinct passage encoded once, each query's inner products with its own (summed in doubles). */
  @Override
  public float[][] scoreGroups(List<String> queries, List<List<String>> passages) {
    Map<String, Integer> row = new LinkedHashMap<>();
    passages.forEach(group -> group.forEach(p -> row.putIfAbsent(p, row.size())));
    float[][] vectors = encodePassages(new ArrayList<>(row.keySet()));
    float[][] queryVectors = encodeQueries(queries);
    float[][] scores = new float[queries.size()][];
    for (int q = 0; q < scores.length; q++) {
      List<String> group = passages.get(q);
      scores[q] = new float[group.size()];
      for (int i = 0; i < group.size(); i++) {
        float[] p = vectors[row.get(group.get(i))];
        double s = 0;
        for (int d = 0; d < p.length; d++) {
          s += queryVectors[q][d] * p[d];
        }
        scores[q][i] = (float) s;
      }
    }
    return scores;
  }

  /**
   * One transformer layer. Java handles of intermediate arrays are closed as soon as the code is done with them:
   * DJL keeps every array of a manager alive until the manager closes, which would hold all of a step's
   * intermediates at once (over 20 GB for a batch of 64 passages of 256 tokens); autograd keeps what the backward
   * pass needs on its own.
   */
  private NDArray layer(NDArray x, NDArray attentionBias, String p, int rows, int width, boolean training) {
    int heads = config.heads();
    int d = config.headSize();
    NDArray q = heads(linear(x, p + "attention.self.query"), rows, width, heads, d, 0, 2, 1, 3);
    NDArray k = heads(linear(x, p + "attention.self.key"), rows, width, heads, d, 0, 2, 3, 1);
    NDArray v = heads(linear(x, p + "attention.self.value"), rows, width, heads, d, 0, 2, 1, 3);
    NDArray scores = q.matMul(k);
    scores.divi(Scalars.of(scores, Math.sqrt(d))).addi(attentionBias);
    q.close();
    k.close();
    NDArray probabilities = replace(scores, scores.softmax(-1));
    if (attentionDropout) {
      probabilities = replace(probabilities, dropout(probabilities, training));
    }
    NDArray context = replace(probabilities, probabilities.matMul(v));
    v.close();
    NDArray merged = context.transpose(0, 2, 1, 3).reshape(rows, width, config.hidden());
    context.close();
    NDArray projected = replace(merged, linear(merged, p + "attention.output.dense"));
    projected = replace(projected, dropout(projected, training)).addi(x);
    NDArray attended = replace(projected, layerNorm(projected, p + "attention.output.LayerNorm"));
    NDArray inner = linear(attended, p + "intermediate.dense");
    inner = replace(inner, Activation.gelu(inner));
    NDArray out = replace(inner, linear(inner, p + "output.dense"));
    out = replace(out, dropout(out, training)).addi(attended);
    NDArray normed = replace(out, layerNorm(out, p + "output.LayerNorm"));
    attended.close();
    return normed;
  }

  /** [rows, width, hidden] to heads, transposed as given. */
  private static NDArray heads(NDArray projected, int rows, int width, int heads, int d, int... axes) {
    NDArray split = projected.reshape(rows, width, heads, d);
    NDArray transposed = split.transpose(axes);
    projected.close();
    split.close();
    return transposed;
  }

  /** Closes {@code old}'s handle (unless it is {@code replacement} itself) and returns {@code replacement}. */
  private static NDArray replace(NDArray old, NDArray replacement) {
    if (old != replacement) {
      old.close();
    }
    return replacement;
  }

  private NDArray embed(NDArray ids, String table) {
    return Embedding.embedding(ids, parameters.get(table), SparseFormat.DENSE).singletonOrThrow();
  }

  private NDArray linear(NDArray x, String name) {
    return x.matMul(parameters.get(name + ".weight")).addi(parameters.get(name + ".bias"));
  }

  private NDArray layerNorm(NDArray x, String name) {
    NDList out = LayerNorm.layerNorm(x, new Shape(config.hidden()), parameters.get(name + ".weight"),
        parameters.get(name + ".bias"), (float) config.layerNormEps());
    return out.singletonOrThrow();
  }

  private NDArray dropout(NDArray x, boolean training) {
    if (!training || dropout == 0) {
      return x;
    }
    return Dropout.dropout(x, dropout, true).singletonOrThrow();
  }

  @Override
  public Map<String, Safetensors.Tensor> state() {
    return weights().tensors();
  }

  /** Copies a state's values (Hugging Face's names and layout) into the parameters, in place. */
  @Override
  public void restore(Map<String, Safetensors.Tensor> state) {
    parameters.forEach((name, array) -> {
      Safetensors.Tensor t = state.get(name);
      if (t == null) {
        throw new IllegalArgumentException("the saved state lacks '" + name + "'");
      }
      boolean linear = t.shape().length == 2 && name.startsWith("encoder.");
      Safetensors.Tensor stored = linear ? BertWeights.transpose(t) : t;
      try (NDArray values = manager.create(stored.values(), array.getShape())) {
        array.subi(array).addi(values);
      }
    });
  }

  /** Saves the encoder as a model folder ({@link ModelExport}: a Hugging Face layout and the patched ONNX graph). */
  @Override
  public boolean export(java.nio.file.Path folder) {
    return ModelExport.save(weights(), model, folder, true);
  }

  /** The current weights in Hugging Face's names and layout. */
  public BertWeights weights() {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    parameters.forEach((name, array) -> {
      Safetensors.Tensor t = new Safetensors.Tensor(array.getShape().getShape(), array.toFloatArray());
      boolean linear = t.shape().length == 2 && name.startsWith("encoder.");
      tensors.put(name, linear ? BertWeights.transpose(t) : t);
    });
    return new BertWeights(config, tensors);
  }

  @Override
  public String modelId() {
    return model.id();
  }

  @Override
  public int dimension() {
    return config.hidden();
  }

  @Override
  public float[][] encodeQueries(List<String> queries) {
    return encode(tokenizeQueries(queries));
  }

  @Override
  public float[][] encodePassages(List<String> passages) {
    return encode(tokenizePassages(passages));
  }

  @Override
  public long truncatedCount() {
    return passageTokenizer.truncatedCount() + queryTokenizer.truncatedCount();
  }

  /** Encodes without gradients: sorted by length, padded per batch, original order restored. */
  public float[][] encode(List<TextTokenizer.Tokens> tokens) {
    Integer[] order = new Integer[tokens.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> tokens.get(i).length()).reversed());
    float[][] out = new float[tokens.size()][];
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(order.length, start + batchSize);
      List<TextTokenizer.Tokens> batch = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        batch.add(tokens.get(order[i]));
      }
      try (NDManager step = manager.newSubManager()) {
        NDArray vectors = forward(step, batch, false);
        float[] flat = vectors.toFloatArray();
        int dim = config.hidden();
        for (int i = start; i < end; i++) {
          out[order[i]] = Arrays.copyOfRange(flat, (i - start) * dim, (i - start + 1) * dim);
        }
      }
    }
    return out;
  }

  /**
   * The token states of a batch, each [batch, width, hidden] with every text padded to the batch's longest: the
   * embeddings' output and every layer's ({@code everyLayer}), or the last layer's only, recorded for gradients inside
   * a gradient collector (pre-training's heads read them: SG-OPT pools every layer, RetroMAE's MLM head and decoder
   * read the last). Run in chunks of {@value #CHUNK} like {@link #forward}.
   */
  public List<NDArray> layerStates(NDManager step, List<TextTokenizer.Tokens> batch, boolean everyLayer,
      boolean training) {
    int width = Math.max(1, batch.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(1));
    List<NDList> chunks = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += CHUNK) {
      List<TextTokenizer.Tokens> chunk = batch.subList(from, Math.min(batch.size(), from + CHUNK));
      int rows = chunk.size();
      long[] ids = new long[rows * width];
      long[] types = new long[rows * width];
      float[] mask = new float[rows * width];
      for (int r = 0; r < rows; r++) {
        TextTokenizer.Tokens t = chunk.get(r);
        System.arraycopy(t.ids(), 0, ids, r * width, t.length());
        System.arraycopy(t.typeIds(), 0, types, r * width, t.length());
        Arrays.fill(mask, r * width, r * width + t.length(), 1f);
      }
      Shape shape = new Shape(rows, width);
      NDArray positions = step.arange(0, width, 1, DataType.INT64).reshape(1, width);
      NDArray x = embed(step.create(ids, shape), "embeddings.word_embeddings.weight")
          .addi(embed(positions, "embeddings.position_embeddings.weight"))
          .addi(embed(step.create(types, shape), "embeddings.token_type_embeddings.weight"));
      NDArray normed = replace(x, layerNorm(x, "embeddings.LayerNorm"));
      x = replace(normed, dropout(normed, training));
      NDArray attentionBias = step.create(mask, shape).neg().addi(1).muli(-1e9f).reshape(rows, 1, 1, width);
      NDList states = new NDList();
      if (everyLayer) {
        states.add(x);
      }
      for (int l = 0; l < config.layers(); l++) {
        NDArray next = layer(x, attentionBias, "encoder.layer." + l + ".", rows, width, training);
        if (!everyLayer) {
          x.close();
        }
        x = next;
        if (everyLayer) {
          states.add(x);
        }
      }
      if (!everyLayer) {
        states.add(x);
      }
      chunks.add(states);
    }
    List<NDArray> out = new ArrayList<>();
    for (int i = 0; i < chunks.get(0).size(); i++) {
      NDList parts = new NDList();
      for (NDList c : chunks) {
        parts.add(c.get(i));
      }
      out.add(parts.size() == 1 ? parts.singletonOrThrow() : ai.djl.ndarray.NDArrays.concat(parts, 0));
    }
    return out;
  }

  @Override
  public void close() {
    queryTokenizer.close();
    passageTokenizer.close();
    manager.close();
  }

  @Override
  public String toString() {
    return "BertEncoder[" + model.id() + ", " + config + ", " + recipe + "]";
  }
}
