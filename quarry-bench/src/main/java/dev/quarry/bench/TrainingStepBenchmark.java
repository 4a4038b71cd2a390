/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import dev.quarry.core.PeakMemory;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Document;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.TextTokenizer;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import dev.quarry.train.loss.ContrastiveLoss;
import dev.quarry.train.optim.AdamW;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of a training step against a forward pass on the same batch: B queries of up to Q tokens and B passages
 * of up to P tokens (SciFact texts, so most passages fill P), bge-small-en-v1.5 in DJL on PyTorch. Forward-only runs
 * without gradients; a full step is forward with gradients, InfoNCE, backward and AdamW on every weight. Prints the
 * median of several repetitions, tokens per second, the ratio, and peak resident memory.
 *
 * <p>Usage: {@code TrainingStepBenchmark [model] [batch] [query tokens] [passage tokens] [repetitions]}.
 */
public final class TrainingStepBenchmark {
  private TrainingStepBenchmark() {}

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : ModelRegistry.DEFAULT_MODEL;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int queryTokens = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int passageTokens = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    int repetitions = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    ModelSource model = ModelRegistry.resolve(name);
    List<String> passages = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    try (CorpusReader reader = DatasetLocator.locate("scifact").openCorpus()) {
      for (Document d : reader) {
        if (passages.size() == batch) {
          break;
        }
        passages.add(d.contents());
        queries.add(d.title());
      }
    }
    try (BertEncoder encoder = new BertEncoder(model, BertWeights.load(model), queryTokens, passageTokens, batch);
        NDManager manager = NDManager.newBaseManager()) {
      List<TextTokenizer.Tokens> q = encoder.tokenizeQueries(queries);
      List<TextTokenizer.Tokens> p = encoder.tokenizePassages(passages);
      long tokens = q.stream().mapToLong(TextTokenizer.Tokens::length).sum()
          + p.stream().mapToLong(TextTokenizer.Tokens::length).sum();
      System.out.printf(Locale.ROOT, "%s, batch %d: %d query tokens max %d, %d passage tokens max %d, Java %s%n", name,
          batch, q.stream().mapToLong(TextTokenizer.Tokens::length).sum(), queryTokens,
          p.stream().mapToLong(TextTokenizer.Tokens::length).sum(), passageTokens, Runtime.version());
      ContrastiveLoss loss = new ContrastiveLoss(0.05f);
      AdamW optimizer = new AdamW(manager, encoder.parameters(), 0.01f);
      int[] positive = new int[batch];
      for (int i = 0; i < batch; i++) {
        positive[i] = i;
      }
      double[] forward = new double[repetitions + 1];
      double[] step = new double[repetitions + 1];
      for (int r = 0; r <= repetitions; r++) { // the first of each is a warm-up
        long start = System.nanoTime();
        try (NDManager s = manager.newSubManager()) {
          encoder.forward(s, q, false);
          encoder.forward(s, p, false);
        }
        forward[r] = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector();
            NDManager s = manager.newSubManager()) {
          NDArray value = loss.compute(s, encoder.forward(s, q, true).matMul(encoder.forward(s, p, true).transpose()),
              positive, null);
          collector.backward(value);
        }
        optimizer.step(1e-5f, 1f);
        step[r] = (System.nanoTime() - start) / 1e9;
      }
      double f = Bm25EndToEndBenchmark.median(Arrays.copyOfRange(forward, 1, forward.length));
      double t = Bm25EndToEndBenchmark.median(Arrays.copyOfRange(step, 1, step.length));
      System.out.printf(Locale.ROOT, "forward only: median %.2f s (%.0f tokens/s)%n", f, tokens / f);
      System.out.printf(Locale.ROOT, "full step (forward, backward, AdamW): median %.2f s (%.0f tokens/s); %.2fx the"
          + " forward pass%n", t, tokens / t, t / f);
    }
    System.out.printf(Locale.ROOT, "peak resident memory: %s%n", PeakMemory.describe());
  }
}
