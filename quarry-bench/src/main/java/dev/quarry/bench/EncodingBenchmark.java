/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import dev.quarry.core.PeakMemory;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.quarry.core.Progress;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Document;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.vector.CorpusEncoder;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.onnx.TextTokenizer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Corpus encoding throughput on the first N SciFact documents, three ways on the same texts and threads:
 * Quarry's pipeline (the real {@link CorpusEncoder}: read, tokenize, batch, pool, write), a bare ONNX Runtime
 * session timed on {@code session.run} alone over the same padded batches (the ceiling: what the pipeline adds is
 * the difference), and LangChain4j's in-process model ({@code embedAll}).
 *
 * <p>Usage: {@code EncodingBenchmark [model] [documents] [threads] [batch size]}; model is bge-small-en-v1.5 or
 * bge-small-en-v1.5-int8 (the ones LangChain4j ships for the comparison) or any other embedded name (no
 * LangChain4j run then).
 */
public final class EncodingBenchmark {
  private EncodingBenchmark() {}

  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : ModelRegistry.DEFAULT_MODEL;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : OnnxEncoder.DEFAULT_BATCH;
    ModelSource model = ModelRegistry.resolve(name);
    List<Document> docs = new ArrayList<>();
    try (CorpusReader reader = DatasetLocator.locate("scifact").openCorpus()) {
      for (Document d : reader) {
        if (docs.size() == n) {
          break;
        }
        docs.add(d);
      }
    }
    List<String> texts = docs.stream().map(Document::contents).toList();
    System.out.printf(Locale.ROOT, "model %s, %d SciFact documents, %d threads, batch %d, Java %s%n", name, n,
        threads, batch, Runtime.version());

    Path temp = Files.createTempDirectory("quarry-encoding");
    try {
      Path corpus = temp.resolve("corpus.jsonl");
      StringBuilder lines = new StringBuilder();
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      for (Document d : docs) {
        lines.append(json.writeValueAsString(Map.of("_id", d.id(), "title", d.title(), "text", d.text()))).append('\n');
      }
      Files.writeString(corpus, lines);
      try (OnnxEncoder encoder = new OnnxEncoder(model, batch, threads, 0)) {
        encoder.encodePassages(texts.subList(0, Math.min(64, n))); // warm-up
        long start = System.nanoTime();
        CorpusEncoder.encode(corpus, encoder, temp.resolve("v.f32"), temp.resolve("ids.txt"),
            CorpusEncoder.DEFAULT_WINDOW, Progress.NONE);
        double quarry = n / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "quarry pipeline:           %6.1f passages/s (%d truncated to %d tokens)%n",
            quarry, encoder.truncatedCount(), encoder.recipe().maxLength());
        double bare = bareSession(model, texts, threads, batch, encoder.recipe().maxLength());
        System.out.printf(Locale.ROOT, "bare ONNX Runtime session: %6.1f passages/s (session.run only, same batches);"
            + " pipeline/bare = %.3f%n", bare, quarry / bare);
        EmbeddingModel langchain = switch (name) {
          case "bge-small-en-v1.5" -> new BgeSmallEnV15EmbeddingModel();
          case "bge-small-en-v1.5-int8" -> new BgeSmallEnV15QuantizedEmbeddingModel();
          default -> null;
        };
        if (langchain != null) {
          List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
          langchain.embedAll(segments.subList(0, Math.min(64, n))); // warm-up
          start = System.nanoTime();
          langchain.embedAll(segments);
          double lc = n / ((System.nanoTime() - start) / 1e9);
          System.out.printf(Locale.ROOT, "LangChain4j embedAll:      %6.1f passages/s; quarry/LangChain4j = %.2f%n",
              lc, quarry / lc);
        }
      }
    } finally {
      AtomicDirectory.deleteRecursively(temp);
    }
    System.out.printf(Locale.ROOT, "peak resident memory: %s%n", PeakMemory.describe());
  }

  /**
   * Builds the batches the pipeline builds (slices of 128 by characters, then by tokens, batches of {@code batch}),
   * and times only {@code session.run} on them.
   */
  private static double bareSession(ModelSource model, List<String> texts, int threads, int batch, int maxLength)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<TextTokenizer.Tokens[]> batches = new ArrayList<>();
    try (TextTokenizer tokenizer = new TextTokenizer(model, maxLength)) {
      Integer[] byChars = new Integer[texts.size()];
      for (int i = 0; i < byChars.length; i++) {
        byChars[i] = i;
      }
      Arrays.sort(byChars, Comparator.comparingInt(i -> texts.get(i).length()));
      for (int s = 0; s < byChars.length; s += 128) {
        List<String> slice = new ArrayList<>();
        for (int i = s; i < Math.min(byChars.length, s + 128); i++) {
          slice.add(model.recipe().passagePrefix() + texts.get(byChars[i]));
        }
        TextTokenizer.Tokens[] tokens = tokenizer.encode(slice);
        Arrays.sort(tokens, Comparator.comparingInt(TextTokenizer.Tokens::length).reversed());
        for (int b = 0; b < tokens.length; b += batch) {
          batches.add(Arrays.copyOfRange(tokens, b, Math.min(tokens.length, b + batch)));
        }
      }
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = model.openSession(env, options)) {
        run(env, session, batches.get(batches.size() - 1)); // warm-up
        // the same strategy as the pipeline: one batch per thread at a time; only session.run is timed
        java.util.concurrent.atomic.AtomicLong busy = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
          List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
          for (TextTokenizer.Tokens[] b : batches) {
            runs.add(pool.submit(() -> {
              busy.addAndGet(run(env, session, b));
              return null;
            }));
          }
          for (var f : runs) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
        // busy time summed over threads, divided by the threads: the wall time if session.run were all there was
        return texts.size() / (busy.get() / 1e9 / threads);
      }
    }
  }

  /** Runs one padded batch; returns the nanoseconds spent in {@code session.run}. */
  private static long run(OrtEnvironment env, OrtSession session, TextTokenizer.Tokens[] batch) throws Exception {
    int width = Arrays.stream(batch).mapToInt(TextTokenizer.Tokens::length).max().orElse(0);
    long[] ids = new long[batch.length * width];
    long[] mask = new long[batch.length * width];
    for (int r = 0; r < batch.length; r++) {
      System.arraycopy(batch[r].ids(), 0, ids, r * width, batch[r].length());
      Arrays.fill(mask, r * width, r * width + batch[r].length(), 1L);
    }
    long[] shape = {batch.length, width};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
    inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
    inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
    try {
      long start = System.nanoTime();
      try (OrtSession.Result result = session.run(inputs)) {
        return System.nanoTime() - start;
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }
}
