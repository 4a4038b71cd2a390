package dev.quarry.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.quarry.core.NativeCalls;
import dev.quarry.core.Progress;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.train.data.TrainingExample;
import dev.quarry.train.optim.AdamW;
import dev.quarry.train.optim.LinearSchedule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The training loop: batches from a {@link BatchSampler}, an objective's loss ({@link TrainingObjective}), gradient
 * accumulation over micro-batches, AdamW with global gradient clipping on a linear warm-up and decay schedule,
 * periodic evaluation, checkpoints that a killed run resumes from bit for bit, optional refreshes of the examples
 * (ANCE's negatives), and a JSONL log of every step. Determinism: the batches are a function of (seed, step), and
 * the random generator behind dropout is reseeded from (seed, step) at every step.
 */
public final class Trainer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Trainer.class);
  /** What a refresh does: new examples (new negatives) mined with the current model. */
  public interface Refresher {
    List<TrainingExample> refresh(List<TrainingExample> examples, long step);
  }

  private final TrainingObjective objective;
  private final TrainingConfig config;
  private final NDManager manager;
  private final boolean shuffleNegatives;

  /**
   * @param shuffleNegatives draw each step's hard negatives at random (contrastive training), or take the first
   *     ones in file order (distillation groups, sorted by the teacher)
   */
  public Trainer(TrainingObjective objective, TrainingConfig config, boolean shuffleNegatives) {
    config.validate();
    this.objective = objective;
    this.config = config;
    this.manager = NDManager.newBaseManager();
    this.shuffleNegatives = shuffleNegatives;
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
   * @param evaluation the periodic evaluation's figures, or null for none
   * @param refresher ANCE's negative refresh, or null
   * @param stepHook called after every step with the number of steps done (for tests that stop a run mid-way)
   * @return the examples as they are at the end (with the last refresh's negatives)
   */
  public List<TrainingExample> train(List<TrainingExample> examples, long startStep,
      Map<String, Safetensors.Tensor> optimizerState, Path checkpoints, Supplier<Map<String, Double>> evaluation,
      Refresher refresher, TrainingLog log, Progress progress, UnaryOperator<Long> stepHook) {
    List<TrainingExample> current = examples;
    long total = totalSteps(examples.size());
    LinearSchedule schedule = new LinearSchedule((float) config.learningRate, Math.round(total * config.warmup), total);
    AdamW optimizer = new AdamW(manager, objective.parameters(), (float) config.weightDecay);
    if (optimizerState != null) {
      optimizer.restore(optimizerState, startStep);
    }
    BatchSampler sampler = sampler(current);
    Engine engine = Engine.getEngine("PyTorch");
    for (long step = startStep; step < total; step++) {
      if (refresher != null && config.refreshEvery > 0 && step > 0 && step % config.refreshEvery == 0) {
        long start = System.nanoTime();
        current = refresher.refresh(current, step);
        sampler = sampler(current);
        log.write(entry("event", "refresh", "step", step, "seconds", seconds(start)));
      }
      long start = System.nanoTime();
      engine.setRandomSeed((int) (config.seed * 7919 + step));
      List<BatchSampler.Sample> batch = sampler.batch(step);
      double stepLoss = 0;
      Map<String, Double> terms = new LinkedHashMap<>();
      int micro = Math.max(1, batch.size() / config.accumulation);
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
      float norm = optimizer.step(lr, (float) config.maxGradNorm);
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
      progress.advance(1);
      long done = step + 1;
      if (evaluation != null && config.evalEvery > 0 && (done % config.evalEvery == 0 || done == total)) {
        long evalStart = System.nanoTime();
        Map<String, Object> e = new LinkedHashMap<>(entry("event", "eval", "step", done));
        e.putAll(evaluation.get());
        e.put("seconds", seconds(evalStart));
        log.write(e);
      }
      if (checkpoints != null && config.checkpointEvery > 0 && (done % config.checkpointEvery == 0 || done == total)) {
        Checkpoint.save(checkpoints, done, objective.state(), optimizer.state(), current);
        Checkpoint.prune(checkpoints, 2);
      }
      stepHook.apply(done);
    }
    return current;
  }

  private BatchSampler sampler(List<TrainingExample> examples) {
    return new BatchSampler(examples, config.batchSize, config.hardNegatives, config.seed, shuffleNegatives);
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
