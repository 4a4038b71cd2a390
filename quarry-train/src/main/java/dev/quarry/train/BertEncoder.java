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
 * LayerNorm; CLS or masked-mean pooling; optional L2 normalisation. Dropout (rate 0.1, as BERT trains) applies only
 * when training. (DJL's own {@code BertBlock} is not this model: it uses BatchNorm and a fixed length.)
 *
 * <p>Parameters live on the encoder's manager, linear weights stored [in, out] so that a layer is
 * {@code x.matMul(w)}; {@link #weights()} converts back to Hugging Face's layout. The {@link Encoder} methods
 * encode without gradients, sorted by length and padded per batch. Not thread-safe.
 */
public final class BertEncoder implements Encoder {
  /** The dropout rate of BERT's training. */
  public static final float DROPOUT = 0.1f;

  private final String modelId;
  private final BertConfig config;
  private final EncoderRecipe recipe;
  private final NDManager manager;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final TextTokenizer queryTokenizer;
  private final TextTokenizer passageTokenizer;
  private final int batchSize;
  private float dropout = DROPOUT;

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
    this.modelId = model.id();
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
    int rows = batch.size();
    int width = batch.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(1);
    long[] ids = new long[rows * width];
    long[] types = new long[rows * width];
    float[] mask = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      TextTokenizer.Tokens t = batch.get(r);
      System.arraycopy(t.ids(), 0, ids, r * width, t.length());
      System.arraycopy(t.typeIds(), 0, types, r * width, t.length());
      Arrays.fill(mask, r * width, r * width + t.length(), 1f);
    }
    Shape shape = new Shape(rows, width);
    NDArray idArray = step.create(ids, shape);
    NDArray typeArray = step.create(types, shape);
    NDArray maskArray = step.create(mask, shape);
    NDArray positions = step.arange(0, width, 1, DataType.INT64).reshape(1, width);

    NDArray x = embed(idArray, "embeddings.word_embeddings.weight")
        .add(embed(positions, "embeddings.position_embeddings.weight"))
        .add(embed(typeArray, "embeddings.token_type_embeddings.weight"));
    x = dropout(layerNorm(x, "embeddings.LayerNorm"), training);
    // Padding gets a very large negative score before the softmax, as in Hugging Face's extended attention mask.
    NDArray attentionBias = maskArray.neg().add(1).mul(-1e9f).reshape(rows, 1, 1, width);
    for (int l = 0; l < config.layers(); l++) {
      x = layer(x, attentionBias, "encoder.layer." + l + ".", rows, width, training);
    }
    NDArray pooled;
    if (recipe.pooling() == Pooling.CLS) {
      pooled = x.get(new NDIndex(":, 0, :"));
    } else {
      NDArray m = maskArray.expandDims(2);
      pooled = x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
    }
    if (recipe.normalize()) {
      NDArray norm = pooled.norm(new int[] {1}, true).maximum(1e-12f);
      pooled = pooled.div(norm);
    }
    return pooled;
  }

  private NDArray layer(NDArray x, NDArray attentionBias, String p, int rows, int width, boolean training) {
    int heads = config.heads();
    int d = config.headSize();
    NDArray q = linear(x, p + "attention.self.query").reshape(rows, width, heads, d).transpose(0, 2, 1, 3);
    NDArray k = linear(x, p + "attention.self.key").reshape(rows, width, heads, d).transpose(0, 2, 3, 1);
    NDArray v = linear(x, p + "attention.self.value").reshape(rows, width, heads, d).transpose(0, 2, 1, 3);
    NDArray scores = q.matMul(k).div((float) Math.sqrt(d)).add(attentionBias);
    NDArray probabilities = dropout(scores.softmax(-1), training);
    NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(rows, width, config.hidden());
    NDArray attended = layerNorm(dropout(linear(context, p + "attention.output.dense"), training).add(x),
        p + "attention.output.LayerNorm");
    NDArray inner = Activation.gelu(linear(attended, p + "intermediate.dense"));
    return layerNorm(dropout(linear(inner, p + "output.dense"), training).add(attended), p + "output.LayerNorm");
  }

  private NDArray embed(NDArray ids, String table) {
    return Embedding.embedding(ids, parameters.get(table), SparseFormat.DENSE).singletonOrThrow();
  }

  private NDArray linear(NDArray x, String name) {
    return x.matMul(parameters.get(name + ".weight")).add(parameters.get(name + ".bias"));
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
    return modelId;
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

  @Override
  public void close() {
    queryTokenizer.close();
    passageTokenizer.close();
    manager.close();
  }

  @Override
  public String toString() {
    return "BertEncoder[" + modelId + ", " + config + ", " + recipe + "]";
  }
}
