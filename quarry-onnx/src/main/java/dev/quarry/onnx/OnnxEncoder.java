package dev.quarry.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.core.NativeCalls;
import dev.quarry.core.vector.Encoder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A dual encoder on ONNX Runtime: texts are tokenized, sorted by length and run in batches padded only to the
 * longest text in the batch, pooled and normalised by the model's recipe, and returned in their original order.
 * Batches run concurrently, one per thread, each on a single intra-op thread, and batches are small (2 texts by
 * default): on CPU a BERT layer's activations for a large batch overflow the caches, and one intra-op thread per
 * batch wastes no time synchronising; measured on SciFact, batches of 2 on 2 threads encode 1.2x faster than
 * batches of 16 on 2 intra-op threads (docs/BENCHMARKS.md). Thread-safe (ONNX Runtime sessions are); {@link #close}
 * waits for the calls under way. A model that quantizes its activations at run time (the int8 exports) gets one text
 * per call: the quantization scale is taken over the whole batch, so a text's vector would depend on the texts
 * beside it (cosine down to .98 against the text alone, measured on MiniLM int8).
 */
public final class OnnxEncoder implements Encoder {
  /** Texts per ONNX Runtime call by default (see the class comment). */
  public static final int DEFAULT_BATCH = 2;

  private final ModelSource model;
  private final EncoderRecipe recipe;
  private final int batchSize;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final boolean takesTokenTypes;
  private final String outputName;
  private final int dimension;
  private final int threads;
  private final java.util.concurrent.ExecutorService workers;
  /** Shared by the encoding calls, taken whole by {@link #close}. */
  private final ReadWriteLock lifetime = new ReentrantReadWriteLock();
  private boolean closed;

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
   */
  public OnnxEncoder(ModelSource model, int batchSize, int threads, int intraOpThreads, int maxLength) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be positive; got " + intraOpThreads);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive; got " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive; got " + threads);
    }
    this.model = model;
    this.recipe = maxLength > 0 ? model.recipe().withMaxLength(maxLength) : model.recipe();
    this.batchSize = model.quantizesActivationsPerCall() ? 1 : batchSize;
    this.threads = threads;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = model.openSession(env, options);
      this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
      this.outputName = session.getOutputNames().contains("last_hidden_state")
          ? "last_hidden_state" : session.getOutputNames().iterator().next();
      NodeInfo output = session.getOutputInfo().get(outputName);
      long[] shape = ((TensorInfo) output.getInfo()).getShape();
      if (shape.length != 3 || shape[2] <= 0) {
        throw new IllegalArgumentException("model " + model.id() + ": output " + outputName + " has shape "
            + Arrays.toString(shape) + "; expected [batch, tokens, hidden] token vectors");
      }
      this.dimension = (int) shape[2];
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load model " + model.id() + ": " + e.getMessage(), e);
    }
    this.tokenizer = new TextTokenizer(model, recipe.maxLength());
    this.workers = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "quarry-onnx");
      t.setDaemon(true);
      return t;
    });
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
    return batchSize;
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

  /** Tokenizes, sorts by length, runs batch by batch and restores the order. */
  private float[][] encode(List<String> texts) {
    Lock use = lifetime.readLock();
    use.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the encoder of " + model.id() + " is closed");
      }
      return encodeOpen(texts);
    } finally {
      use.unlock();
    }
  }

  /**
   * Returns only once every batch it started has ended, even when one failed: {@link #close} frees the session and
   * the tokenizer as soon as no call of this is under way.
   */
  private float[][] encodeOpen(List<String> texts) {
    TextTokenizer.Tokens[] tokens = tokenizer.encode(texts);
    Integer[] order = new Integer[tokens.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> tokens[i].length()).reversed());
    float[][] vectors = new float[tokens.length][];
    AtomicBoolean abandoned = new AtomicBoolean();
    List<Future<?>> running = new ArrayList<>();
    for (int start = 0; start < order.length; start += batchSize) {
      int from = start;
      int end = Math.min(order.length, start + batchSize);
      List<TextTokenizer.Tokens> batch = new ArrayList<>(end - from);
      for (int i = from; i < end; i++) {
        batch.add(tokens[order[i]]);
      }
      Runnable task = () -> {
        if (abandoned.get()) {
          return;
        }
        float[][] pooled = run(batch);
        for (int i = from; i < end; i++) {
          vectors[order[i]] = pooled[i - from];
        }
      };
      if (order.length <= batchSize || threads == 1) {
        task.run();
      } else {
        running.add(workers.submit(task));
      }
    }
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<?> f : running) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          abandoned.set(true);
        } catch (ExecutionException e) {
          abandoned.set(true);
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("encoding interrupted");
    }
    if (failure != null) {
      throw failure;
    }
    return vectors;
  }

  /** One ONNX Runtime call on a batch padded to its longest text. */
  private float[][] run(List<TextTokenizer.Tokens> batch) {
    PaddedBatch padded = PaddedBatch.of(batch);
    Map<String, OnnxTensor> inputs = Map.of();
    try {
      inputs = padded.tensors(env, takesTokenTypes);
      Map<String, OnnxTensor> feed = inputs;
      return NativeCalls.call(() -> {
        try (OrtSession.Result result = session.run(feed, java.util.Set.of(outputName))) {
          FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
          float[][] out = new float[padded.rows()][];
          for (int r = 0; r < padded.rows(); r++) {
            out[r] = pool(hidden, r, padded.width(), batch.get(r).length());
          }
          return out;
        }
      });
    } catch (OrtException e) {
      throw new IllegalStateException("model " + model.id() + " failed on a batch of " + padded.rows() + " texts: "
          + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private float[] pool(FloatBuffer hidden, int row, int width, int length) {
    float[] v = new float[dimension];
    int base = row * width * dimension;
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
    Lock all = lifetime.writeLock();
    all.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      workers.shutdown();
      tokenizer.close();
      NativeCalls.call(() -> {
        session.close();
        return null;
      });
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    } finally {
      all.unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxEncoder[" + model.id() + ", " + recipe + ", dimension=" + dimension + ", batchSize=" + batchSize
        + ", threads=" + threads + "]";
  }
}
