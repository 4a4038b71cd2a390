/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.quarry.core.NativeCalls;
import dev.quarry.core.Progress;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.train.optim.AdamW;
import dev.quarry.train.optim.LinearSchedule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The training loop: batches from a {@link BatchSampler}, an objective's loss ({@link TrainingObjective}), gradient
 * accumulation over micro-batches, AdamW with global gradient clipping on a linear warm-up and decay schedule,
 * periodic evaluation, checkpoints that a killed run resumes from bit for bit, optional refreshes of the examples
 * (ANCE's negatives), and a JSONL log of every step. Determinism: the batches are a function of (seed, step), and
 * the random generator behind dropout is reseeded from (seed, step) at every step. Not thread-safe.
 */
public final class Trainer implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Trainer.class);

  /** What a refresh does: new examples (new negatives) mined with the current model. */
  public interface Refresher {
    List<TrainingExample> refresh(List<TrainingExample> examples, long step);
  }

  /**
   * One call to {@link #train}: the examples and where it starts, and what it reports to. Made with
   * {@link #of} and the {@code with...} methods; everything but the examples and the log is optional.
   *
   * @param startStep 0, or a checkpoint's step (then {@code optimizerState} holds its moments)
   * @param checkpoints where checkpoints go, or null for none
   * @param evaluation the periodic evaluation's figures, or null for none
   * @param refresher ANCE's refresh of the examples, or null
   * @param afterStep sees every finished step's count (tests stop a run there as if killed)
   */
  public record Session(List<TrainingExample> examples, TrainingLog log, long startStep,
      Map<String, Safetensors.Tensor> optimizerState, Path checkpoints, Supplier<Map<String, Double>> evaluation,
      Refresher refresher, Progress progress, LongConsumer afterStep) {

    public Session {
      Objects.requireNonNull(examples, "examples");
      Objects.requireNonNull(log, "log");
      Objects.requireNonNull(progress, "progress");
      Objects.requireNonNull(afterStep, "afterStep");
      if (startStep < 0) {
        throw new IllegalArgumentException("startStep must not be negative; got " + startStep);
      }
    }

    public static Session of(List<TrainingExample> examples, TrainingLog log) {
      return new Session(examples, log, 0, null, null, null, null, Progress.NONE, step -> {});
    }

    /** Continues after {@code checkpoint}'s step with its optimizer state and its examples. */
    public Session resumingFrom(long step, Map<String, Safetensors.Tensor> optimizer, List<TrainingExample> at) {
      return new Session(at, log, step, optimizer, checkpoints, evaluation, refresher, progress, afterStep);
    }

    public Session withCheckpoints(Path folder) {
      return new Session(examples, log, startStep, optimizerState, folder, evaluation, refresher, progress, afterStep);
    }

    public Session withEvaluation(Supplier<Map<String, Double>> figures) {
      return new Session(examples, log, startStep, optimizerState, checkpoints, figures, refresher, progress, afterStep);
    }

    public Session withRefresher(Refresher r) {
      return new Session(examples, log, startStep, optimizerState, checkpoints, evaluation, r, progress, afterStep);
    }

    public Session withProgress(Progress p) {
      return new Session(examples, log, startStep, optimizerState, checkpoints, evaluation, refresher, p, afterStep);
    }

    public Session afterEachStep(LongConsumer hook) {
      return new Session(examples, log, startStep, optimizerState, checkpoints, evaluation, refresher, progress, hook);
    }
  }

  private final TrainingObjective objective;
  private final TrainerSettings settings;
  private final NDManager manager;
  private long lastStep;

  public Trainer(TrainingObjective objective, TrainerSettings settings) {
    this.objective = Objects.requireNonNull(objective, "objective");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.manager = NDManager.newBaseManager();
  }

  /** The total number of optimizer steps for these examples. */
  public long totalSteps(int examples) {
    return settings.totalSteps(examples);
  }

  /**
   * Trains from the session's start step to the end.
   *
   * @return the examples as they are at the end (with the last refresh's negatives)
   */
  public List<TrainingExample> train(Session session) {
    List<TrainingExample> current = session.examples();
    long total = totalSteps(current.size());
    LinearSchedule schedule = new LinearSchedule((float) settings.learningRate(),
        Math.round(total * settings.warmup()), total);
    Map<String, NDArray> parameters = objective.model().parameters();
    AdamW optimizer = new AdamW(manager, parameters, (float) settings.weightDecay());
    if (session.optimizerState() != null) {
      optimizer.restore(session.optimizerState(), session.startStep());
    }
    BatchSampler sampler = sampler(current);
    Engine engine = Engine.getEngine("PyTorch");
    TrainingLog log = session.log();
    long deadline = settings.maxMinutes() > 0 ? System.nanoTime() + (long) (settings.maxMinutes() * 60e9)
        : Long.MAX_VALUE;
    lastStep = session.startStep();
    for (long step = session.startStep(); step < total; step++) {
      if (session.refresher() != null && settings.refreshEvery() > 0 && step > 0
          && step % settings.refreshEvery() == 0) {
        long start = System.nanoTime();
        current = session.refresher().refresh(current, step);
        sampler = sampler(current);
        log.write(entry("event", "refresh", "step", step, "seconds", seconds(start)));
      }
      long start = System.nanoTime();
      engine.setRandomSeed((int) (settings.seed() * 7919 + step));
      objective.beginStep(step);
      List<BatchSampler.Sample> batch = sampler.batch(step);
      double stepLoss = 0;
      Map<String, Double> terms = new LinkedHashMap<>();
      int micro = Math.max(1, batch.size() / settings.accumulation());
      float parts = (float) Math.ceil((double) batch.size() / micro);
      try (GradientCollector collector = engine.newGradientCollector()) {
        for (int from = 0; from < batch.size(); from += micro) {
          List<BatchSampler.Sample> part = batch.subList(from, Math.min(batch.size(), from + micro));
          // one native call for exit's sake (NativeCalls): the backward pass alone can take seconds
          stepLoss += NativeCalls.call(() -> {
            try (NDManager stepManager = manager.newSubManager()) {
              NDArray loss = objective.loss(stepManager, part);
              NDArray value = loss.div(Scalars.of(loss, parts));
              collector.backward(value);
              objective.lastTerms().forEach((name, v) -> terms.merge(name, v / parts, Double::sum));
              return value.getFloat();
            }
          });
        }
      }
      float lr = schedule.at(step);
      float norm = optimizer.step(lr, (float) settings.maxGradNorm());
      if (!Float.isFinite(norm) || !Double.isFinite(stepLoss)) {
        List<String> culprits = optimizer.nonFiniteGradients();
        log.write(entry("event", "skipped", "step", step + 1, "reason", "non-finite loss or gradient",
            "parameters", culprits));
        LOG.warn("step {}: the loss or gradient is not finite (in {} of the weights' gradients, first {});"
            + " the update was skipped (lower the learning rate?)", step + 1, culprits.size(),
            culprits.isEmpty() ? "none" : culprits.get(0));
      }
      Map<String, Object> record = entry("step", step + 1, "loss", stepLoss, "lr", lr, "grad_norm", norm,
          "seconds", seconds(start));
      if (!terms.isEmpty()) {
        record.put("terms", terms);
      }
      log.write(record);
      session.progress().advance(1);
      long done = step + 1;
      if (session.evaluation() != null && settings.evalEvery() > 0
          && (done % settings.evalEvery() == 0 || done == total)) {
        long evalStart = System.nanoTime();
        Map<String, Object> e = new LinkedHashMap<>(entry("event", "eval", "step", done));
        e.putAll(session.evaluation().get());
        e.put("seconds", seconds(evalStart));
        log.write(e);
      }
      boolean outOfTime = done < total && System.nanoTime() > deadline;
      if (session.checkpoints() != null && (outOfTime || settings.checkpointEvery() > 0
          && (done % settings.checkpointEvery() == 0 || done == total))) {
        Checkpoint.save(session.checkpoints(), done, objective.model().state(), optimizer.state(), current);
        Checkpoint.prune(session.checkpoints(), 2);
      }
      lastStep = done;
      session.afterStep().accept(done);
      if (outOfTime) {
        log.write(entry("event", "stopped", "step", done, "reason", "maxMinutes (" + settings.maxMinutes()
            + " min) reached; --resume continues to step " + total));
        LOG.info("stopped after step {} of {}: the time limit of {} min is reached", done, total,
            settings.maxMinutes());
        break;
      }
    }
    return current;
  }

  /** The last step finished by the last {@link #train} call (before its end when a time limit stopped it). */
  public long lastStep() {
    return lastStep;
  }

  private BatchSampler sampler(List<TrainingExample> examples) {
    return new BatchSampler(examples, settings.batchSize(), settings.hardNegatives(), settings.seed(),
        settings.shuffleNegatives());
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

  @Override
  public void close() {
    manager.close();
  }
}
