/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.quarry.core.NativeCalls;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxCrossEncoder;
import dev.quarry.onnx.Pooling;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.train.rerank.CrossEncoderHead;
import dev.quarry.train.rerank.RerankerObjective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;

/**
 * The process {@link SigtermTest} runs: exit handled as the {@code quarry} command handles it, then native work that
 * a SIGTERM raised from inside lands in. {@code train SLICE}: a cross-encoder's training on a SciFact slice, signalled
 * 0.1 s into the second step's backward pass; {@code sessions FOLDER}: cross-encoder sessions opened one after the
 * other, signalled during the third session's creation.
 */
final class SigtermChild {
  private SigtermChild() {}

  public static void main(String[] args) {
    NativeCalls.handleSignals();
    if (args[0].equals("train")) {
      train(Path.of(args[1]));
    } else {
      openSessions(Path.of(args[1]));
    }
    NativeCalls.exit(0);
  }

  /** SIGTERM to this process after {@code millis}, from another thread. */
  private static void signalIn(long millis) {
    Thread.ofPlatform().start(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        return;
      }
      System.out.println("signalled");
      Signal.raise(new Signal("TERM"));
    });
  }

  /**
   * 128 layers of 16 dimensions on 384 short sequences a step: a backward pass of some 100,000 small autograd nodes,
   * seconds long, during which the exit that does not wait for it destroys libtorch's static state.
   */
  private static void train(Path slice) {
    BeirDataset data = new BeirDataset(slice);
    Map<String, String> corpus = data.corpusTexts();
    Qrels qrels = data.qrels("train");
    List<TrainingExample> examples = new ArrayList<>();
    data.queries().asMap().forEach((id, query) -> {
      List<TrainingExample.Passage> positives = new ArrayList<>();
      List<TrainingExample.Passage> negatives = new ArrayList<>();
      corpus.forEach((doc, text) -> {
        boolean relevant = qrels.judgments(id).getOrDefault(doc, 0) > 0;
        if (relevant || negatives.size() < 7) {
          (relevant ? positives : negatives).add(new TrainingExample.Passage(doc, text, null));
        }
      });
      examples.add(new TrainingExample(id, query, positives, negatives, List.of()));
    });
    TrainerSettings settings = new TrainerSettings(3, examples.size(), 7, 1, 2e-5, 0.1, 0.01, 1.0, 0, 0, 0, 42,
        false);
    BertWeights weights = BertWeights.random(new BertConfig(30522, 16, 128, 1, 64, 512, 2, 1e-12), 1);
    BertEncoder encoder = new BertEncoder(ModelRegistry.resolve("all-MiniLM-L6-v2"),
        new EncoderRecipe(Pooling.CLS, false, "", "", 16), weights, 8, 16, 16);
    CrossEncoderHead model = new CrossEncoderHead(encoder, ModelKind.CROSS_ENCODER, null, 1);
    try (Trainer trainer = new Trainer(new SignalledObjective(new RerankerObjective(model)), settings);
        TrainingLog log = new TrainingLog(Path.of("log.jsonl"), 0)) {
      trainer.train(Trainer.Session.of(examples, log));
    } finally {
      model.close();
    }
  }

  /** Signals at the end of the second loss, that is at the start of the second backward pass. */
  private static final class SignalledObjective implements TrainingObjective {
    private final TrainingObjective objective;
    private int losses;

    SignalledObjective(TrainingObjective objective) {
      this.objective = objective;
    }

    @Override
    public TrainableModel model() {
      return objective.model();
    }

    @Override
    public NDArray loss(NDManager step, List<BatchSampler.Sample> batch) {
      NDArray loss = objective.loss(step, batch);
      if (++losses == 2) {
        signalIn(100);
      }
      return loss;
    }
  }

  /** Most of a cross-encoder's opening is its session's creation: the signal comes a quarter of the way in. */
  private static void openSessions(Path folder) {
    long millis = 0;
    for (int n = 0; ; n++) {
      if (n == 2) {
        signalIn(millis / 4);
      }
      long start = System.nanoTime();
      new OnnxCrossEncoder(folder, 8, 2).close();
      millis = (System.nanoTime() - start) / 1_000_000;
    }
  }
}
