package dev.quarry.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.quarry.core.Progress;
import dev.quarry.train.data.TrainingExample;
import dev.quarry.train.loss.ContrastiveLoss;
import dev.quarry.train.optim.AdamW;
import dev.quarry.train.optim.LinearSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The training loop of a dual encoder with one shared tower: batches from a {@link BatchSampler}, InfoNCE over the
 * batch's positives and hard negatives, gradient accumulation over micro-batches (each scores its own in-batch
 * passages), AdamW with global gradient clipping on a linear warm-up and decay schedule, periodic dev evaluation,
 * checkpoints that a killed run resumes from bit for bit, optional refreshes of the negatives (ANCE), and a JSONL
 * log of every step. Determinism: the batches are a function of (seed, step), and the random generator behind
 * dropout is reseeded from (seed, step) at every step.
 */
public final class Trainer {
  /** What a refresh does: new examples (new negatives) mined with the current model. */
  public interface Refresher {
    List<TrainingExample> refresh(BertEncoder encoder, List<TrainingExample> examples, long step);
  }

  private final BertEncoder encoder;
  private final TrainingConfig config;
  private final ContrastiveLoss loss;
  private final NDManager manager;

  public Trainer(BertEncoder encoder, TrainingConfig config) {
    config.validate();
    this.encoder = encoder;
    this.config = config;
    this.loss = new ContrastiveLoss((float) config.temperature);
    this.manager = NDManager.newBaseManager();
    encoder.setDropout((float) config.dropout);
  }

  public ContrastiveLoss loss() {
    return loss;
  }

  /** The total number of optimizer steps for these examples. */
  public long totalSteps(int examples) {
    int batch = Math.min(config.batchSize, examples);
    return config.epochs * Math.max(1L, examples / batch);
  }

  /**
   * Trains from {@code startStep} (0, or a checkpoint's step with its state restored) to the end.
   *
   * @param checkpoints where checkpoints go (null: none)
   * @param optimizerState moments to restore when resuming (null for a new run)
   * @param dev held-out queries, or null
   * @param refresher ANCE's negative refresh, or null
   * @param stepHook called after every step with the step number (for tests that stop a run mid-way)
   * @return the examples as they are at the end (with the last refresh's negatives)
   */
  public List<TrainingExample> train(List<TrainingExample> examples, long startStep,
      Map<String, dev.quarry.onnx.weights.Safetensors.Tensor> optimizerState, Path checkpoints, DevSet dev,
      Refresher refresher, TrainingLog log, Progress progress, UnaryOperator<Long> stepHook) {
    List<TrainingExample> current = examples;
    long total = totalSteps(examples.size());
    LinearSchedule schedule = new LinearSchedule((float) config.learningRate, Math.round(total * config.warmup), total);
    AdamW optimizer = new AdamW(manager, encoder.parameters(), (float) config.weightDecay);
    if (optimizerState != null) {
      optimizer.restore(optimizerState, startStep);
    }
    BatchSampler sampler = new BatchSampler(current, config.batchSize, config.hardNegatives, config.seed);
    Engine engine = Engine.getEngine("PyTorch");
    for (long step = startStep; step < total; step++) {
      if (refresher != null && config.refreshEvery > 0 && step > 0 && step % config.refreshEvery == 0) {
        long start = System.nanoTime();
        current = refresher.refresh(encoder, current, step);
        sampler = new BatchSampler(current, config.batchSize, config.hardNegatives, config.seed);
        log.write(entry("event", "refresh", "step", step, "seconds", seconds(start)));
      }
      long start = System.nanoTime();
      engine.setRandomSeed((int) (config.seed * 7919 + step));
      List<BatchSampler.Sample> batch = sampler.batch(step);
      double stepLoss = 0;
      int micro = batch.size() / config.accumulation;
      try (GradientCollector collector = engine.newGradientCollector()) {
        for (int from = 0; from < batch.size(); from += Math.max(1, micro)) {
          List<BatchSampler.Sample> part = batch.subList(from, Math.min(batch.size(), from + Math.max(1, micro)));
          try (NDManager stepManager = manager.newSubManager()) {
            NDArray value = microBatchLoss(stepManager, part).div((float) Math.ceil((double) batch.size() / Math.max(1, micro)));
            collector.backward(value);
            stepLoss += value.getFloat();
          }
        }
      }
      float lr = schedule.at(step);
      float norm = optimizer.step(lr, (float) config.maxGradNorm);
      log.write(entry("step", step + 1, "loss", stepLoss, "lr", lr, "grad_norm", norm, "seconds", seconds(start)));
      progress.advance(1);
      long done = step + 1;
      if (dev != null && config.evalEvery > 0 && (done % config.evalEvery == 0 || done == total)) {
        long evalStart = System.nanoTime();
        Map<String, Object> e = new LinkedHashMap<>(entry("event", "eval", "step", done));
        e.putAll(dev.evaluate(encoder, loss));
        e.put("seconds", seconds(evalStart));
        log.write(e);
      }
      if (checkpoints != null && config.checkpointEvery > 0 && (done % config.checkpointEvery == 0 || done == total)) {
        Checkpoint.save(checkpoints, done, encoder.weights(), optimizer.state(), current);
        Checkpoint.prune(checkpoints, 2);
      }
      stepHook.apply(done);
    }
    return current;
  }

  /** The InfoNCE loss of one micro-batch: its queries against its positives and hard negatives. */
  private NDArray microBatchLoss(NDManager step, List<BatchSampler.Sample> part) {
    List<String> queries = new ArrayList<>();
    List<String> passages = new ArrayList<>();
    List<String> passageIds = new ArrayList<>();
    for (BatchSampler.Sample s : part) {
      queries.add(s.example().query());
      passages.add(s.positive().text());
      passageIds.add(s.positive().id());
    }
    for (BatchSampler.Sample s : part) {
      for (TrainingExample.Passage n : s.negatives()) {
        passages.add(n.text());
        passageIds.add(n.id());
      }
    }
    int[] positive = new int[part.size()];
    boolean[][] excluded = new boolean[part.size()][passages.size()];
    for (int i = 0; i < part.size(); i++) {
      positive[i] = i;
      Set<String> positives = new HashSet<>();
      part.get(i).example().positives().forEach(p -> positives.add(p.id()));
      for (int j = 0; j < passageIds.size(); j++) {
        excluded[i][j] = positives.contains(passageIds.get(j));
      }
    }
    NDArray q = encoder.forward(step, encoder.tokenizeQueries(queries), true);
    NDArray p = encoder.forward(step, encoder.tokenizePassages(passages), true);
    return loss.compute(step, q, p, positive, excluded);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static Map<String, Object> entry(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  public void close() {
    manager.close();
  }
}
