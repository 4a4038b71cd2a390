/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.core.Phase;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sequence every training run follows, in a folder: the examples (prepared once and kept in
 * {@code train.jsonl} and {@code dev.jsonl}), resuming from the newest checkpoint, the {@link Trainer}'s loop with its
 * log ({@code log.jsonl}) and checkpoints ({@code checkpoints/}), the curve ({@code curve.html}), and the trained
 * model exported to {@code model/}. A run is its data preparation and its objective; this class does the rest and
 * owns the objective's model and the trainer (close it).
 */
public final class TrainingPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingPipeline.class);

  /** A run's examples: what it trains on and what it holds out for the dev curve (may be empty). */
  public record Examples(List<TrainingExample> train, List<TrainingExample> dev) {
    public Examples {
      train = List.copyOf(train);
      dev = List.copyOf(dev);
    }
  }

  /**
   * What training gave.
   *
   * @param startStep where this process started (a checkpoint's step when resumed, else 0)
   * @param steps the steps this process ran
   * @param examples the examples at the end (with the last refresh's negatives)
   */
  public record Outcome(Path model, boolean onnx, long startStep, long steps, List<TrainingExample> examples) {}

  private final Path folder;
  private final TrainingObjective objective;
  private final Trainer trainer;
  private final ProgressFactory progress;
  private final Optional<Checkpoint> resume;

  /** Takes ownership of {@code objective}'s model. */
  public TrainingPipeline(Path folder, TrainingObjective objective, TrainerSettings settings,
      ProgressFactory progress) {
    this.folder = folder;
    this.objective = objective;
    this.progress = progress;
    this.resume = Checkpoint.latest(folder.resolve("checkpoints"));
    this.trainer = new Trainer(objective, settings);
  }

  /** The step of the checkpoint this run resumes from, or 0 for a run that starts afresh. */
  public long resumeStep() {
    return resume.map(Checkpoint::step).orElse(0L);
  }

  /**
   * The examples an earlier start of this run kept ({@code train.jsonl}, {@code dev.jsonl}; passages by id, texts
   * from {@code corpus}), or those {@code prepare} makes, then kept for the next start.
   */
  public static Examples examples(Path folder, Map<String, String> corpus, Supplier<Examples> prepare) {
    Path train = folder.resolve("train.jsonl");
    Path dev = folder.resolve("dev.jsonl");
    if (Files.exists(train)) {
      return new Examples(TrainingData.read(train, corpus),
          Files.exists(dev) ? TrainingData.read(dev, corpus) : List.of());
    }
    Examples prepared = prepare.get();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
    }
    if (!prepared.dev().isEmpty()) {
      TrainingData.write(dev, prepared.dev(), false);
    }
    TrainingData.write(train, prepared.train(), false);
    return prepared;
  }

  /**
   * Trains on {@code examples} (when resuming, on the checkpoint's, with its weights and optimizer state), logs every
   * step, draws the curve titled {@code title}, and exports the model to {@code model/}.
   *
   * @param corpus texts by id, for the checkpoint's examples (kept by id)
   * @param session adds what the run needs to the session: an evaluation, a refresher, a step hook
   */
  public Outcome train(List<TrainingExample> examples, Map<String, String> corpus, String title,
      UnaryOperator<Trainer.Session> session) {
    long startStep = resumeStep();
    List<TrainingExample> finalExamples;
    try (TrainingLog log = new TrainingLog(folder.resolve("log.jsonl"), startStep);
        ProgressFactory.Tracker p = progress.start(Phase.TRAINING, trainer.totalSteps(examples.size()))) {
      Trainer.Session s = Trainer.Session.of(examples, log).withCheckpoints(folder.resolve("checkpoints"));
      if (resume.isPresent()) {
        Checkpoint c = resume.get();
        LOG.info("resuming from {} (step {})", c.folder(), c.step());
        objective.model().restore(c.modelState());
        s = s.resumingFrom(c.step(), c.optimizerState(), c.examples(corpus));
      }
      p.resumeAt(startStep);
      finalExamples = trainer.train(session.apply(s.withProgress(p)));
    }
    TrainingLog.writeCurve(folder.resolve("log.jsonl"), folder.resolve("curve.html"), title);
    boolean onnx = objective.model().export(folder.resolve("model"));
    return new Outcome(folder.resolve("model"), onnx, startStep, trainer.lastStep() - startStep, finalExamples);
  }

  @Override
  public void close() {
    try {
      trainer.close();
    } finally {
      objective.model().close();
    }
  }
}
