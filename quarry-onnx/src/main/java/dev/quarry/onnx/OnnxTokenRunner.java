/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.core.NativeCalls;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A BERT encoder's ONNX Runtime session giving token vectors: tokenized texts are sorted by length, run in batches
 * padded only to the longest text of the batch, concurrently (one batch per thread, each on {@code intraOpThreads}
 * ONNX Runtime threads), and each row's token vectors are read by the caller's {@link RowReader} (pooling for a dual
 * encoder, projection for ColBERT); results come back in the texts' order. A model that quantizes its activations
 * at run time (the int8 exports) gets one text per call: the quantization scale is taken over the whole batch, so a
 * text's vectors would depend on the texts beside it. Thread-safe; {@link #close} waits for the calls under way
 * (closing under them crashed the JVM).
 */
final class OnnxTokenRunner {
  /** Reads one row of a batch's token vectors: {@code hidden} from {@code base}, {@code tokens.length()} rows. */
  interface RowReader<R> {
    R read(FloatBuffer hidden, int base, TextTokenizer.Tokens tokens);
  }

  private final ModelSource model;
  private final int batchSize;
  private final int threads;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean takesTokenTypes;
  private final String outputName;
  private final int dimension;
  private final ExecutorService workers;
  /** Shared by the encoding calls, taken whole by {@link #close}. */
  private final ReadWriteLock lifetime = new ReentrantReadWriteLock();
  private boolean closed;

  OnnxTokenRunner(ModelSource model, int batchSize, int threads, int intraOpThreads) {
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
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "quarry-onnx");
      t.setDaemon(true);
      return t;
    });
  }

  /** The width of the token vectors (the model's hidden size). */
  int dimension() {
    return dimension;
  }

  int batchSize() {
    return batchSize;
  }

  int threads() {
    return threads;
  }

  /**
   * Tokenizes (inside the call, so that {@link #close} cannot free the tokenizer under it), runs every text and reads
   * each row with {@code reader}; results in the order of the tokenized texts.
   */
  <R> List<R> run(Supplier<TextTokenizer.Tokens[]> tokenize, RowReader<R> reader) {
    Lock use = lifetime.readLock();
    use.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the encoder of " + model.id() + " is closed");
      }
      return runOpen(tokenize.get(), reader);
    } finally {
      use.unlock();
    }
  }

  /**
   * Returns only once every batch it started has ended, even when one failed: {@link #close} frees the session as
   * soon as no call of this is under way.
   */
  private <R> List<R> runOpen(TextTokenizer.Tokens[] tokens, RowReader<R> reader) {
    Integer[] order = new Integer[tokens.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> tokens[i].length()).reversed());
    Object[] results = new Object[tokens.length];
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
        List<R> rows = runBatch(batch, reader);
        for (int i = from; i < end; i++) {
          results[order[i]] = rows.get(i - from);
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
    @SuppressWarnings("unchecked")
    List<R> list = (List<R>) Arrays.asList(results);
    return list;
  }

  /** One ONNX Runtime call on a batch padded to its longest text. */
  private <R> List<R> runBatch(List<TextTokenizer.Tokens> batch, RowReader<R> reader) {
    PaddedBatch padded = PaddedBatch.of(batch);
    Map<String, OnnxTensor> inputs = Map.of();
    try {
      inputs = padded.tensors(env, takesTokenTypes);
      Map<String, OnnxTensor> feed = inputs;
      return NativeCalls.call(() -> {
        try (OrtSession.Result result = session.run(feed, java.util.Set.of(outputName))) {
          FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
          List<R> out = new ArrayList<>(padded.rows());
          for (int r = 0; r < padded.rows(); r++) {
            out.add(reader.read(hidden, r * padded.width() * dimension, batch.get(r)));
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

  /** Waits for the calls under way, then frees the session and what {@code release} frees (the tokenizer). */
  void close(Runnable release) {
    Lock all = lifetime.writeLock();
    all.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      workers.shutdown();
      release.run();
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
}
