/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.core.ProgressFactory;
import dev.quarry.train.RunFolder;
import dev.quarry.train.StartingModel;
import dev.quarry.train.TrainingLog;
import dev.quarry.train.config.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pre-training a tiny random encoder (the real tokenizer) on a real slice of wiki_uoi through the one pipeline: the
 * loss falls; a run of every task at once (MoCo's queue and key encoder, SG-OPT's head, RetroMAE's decoder) killed
 * mid-way resumes bit for bit, as does one stopped by its time limit; a link task on a BEIR corpus stops before any
 * training, saying why.
 */
class PretrainingRunTest {
  @TempDir Path temp;

  static TrainingConfig tiny(Path corpus, String task) {
    TrainingConfig c = new TrainingConfig();
    c.model = "random:2:64";
    c.pretrain.corpus = corpus.toString();
    c.pretrain.task = task;
    c.loop.batchSize = 8;
    c.loop.learningRate = 1e-3;
    c.loop.warmup = 0.1;
    c.loop.queryLength = 32;
    c.loop.passageLength = 48;
    c.loop.checkpointEvery = 2;
    c.pretrain.sgoptProjection = 64;
    c.threads = 2;
    return c;
  }

  private static PretrainingRun.Outcome runToEnd(TrainingConfig config, Path out) {
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.PRETRAIN), TrainingConfig.Use.PRETRAIN, out, false, false);
    return new PretrainingRun(config, out, ProgressFactory.NONE).run();
  }

  private static List<JsonNode> steps(Path out) {
    return TrainingLog.read(out.resolve("log.jsonl")).stream().filter(e -> !e.has("event")).toList();
  }

  private static List<Double> losses(Path out) {
    return steps(out).stream().map(e -> e.get("loss").asDouble()).toList();
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  @Test
  void theLossFallsOnATinyRunOfThePairTasksAndOfRetroMae() throws IOException {
    Path wiki = WikiSlice.write(temp.resolve("wiki"), 400, 60);
    for (String task : new String[] {"ict,bfs,wlp", "retromae"}) {
      TrainingConfig config = tiny(wiki, task);
      config.pretrain.maxSteps = 36;
      config.loop.batchSize = 12;
      config.loop.dropout = 0;
      config.loop.learningRate = 3e-3;
      config.loop.checkpointEvery = 0;
      // a random BERT's [CLS] vectors start out nearly alike (attention is uniform and the residual is [CLS]'s own
      // embedding), which stalls a contrastive loss at log(batch) for many steps; mean pooling starts apart
      config.pretrain.pooling = dev.quarry.train.config.PretrainSettings.PoolingChoice.mean;
      Path out = temp.resolve("falls-" + task.replace(',', '-'));
      PretrainingRun.Outcome outcome = runToEnd(config, out);
      List<Double> losses = losses(out);
      assertEquals(36, losses.size());
      assertEquals(36, outcome.training().steps());
      double first = mean(losses.subList(0, 12));
      double last = mean(losses.subList(24, 36));
      // every step draws new pairs (nothing to memorise), so the pair tasks fall slower than RetroMAE's
      // reconstruction, which learns the word distribution first; seeded, so the same every run
      double fall = task.equals("retromae") ? 0.8 : 0.9;
      assertTrue(last < fall * first, task + ": loss fell from " + first + " to " + last + ": " + losses);
      assertTrue(Files.isRegularFile(out.resolve("model/model.onnx")), "a graph of its own for the small model");
      assertTrue(Files.readString(out.resolve("curve.html")).contains("<svg"));
    }
  }

  /**
   * Every task in one run, with a MoCo queue: killed after step 3 it resumes from its step-2 checkpoint and repeats
   * the uninterrupted run's losses and weights exactly; stopped by its time limit after step 1, it leaves a checkpoint
   * and a model, and {@code --resume} finishes it, again exactly.
   */
  @Test
  void everyTaskResumesBitForBitAfterAKillOrATimeLimit() throws IOException {
    Path wiki = WikiSlice.write(temp.resolve("wiki"), 400, 60);
    TrainingConfig config = tiny(wiki, "ict,bfs,wlp,crop,sgopt,retromae");
    config.pretrain.maxSteps = 6;
    config.pretrain.queueSize = 20;
    config.pretrain.momentum = 0.9;
    Path straight = temp.resolve("straight");
    PretrainingRun.Outcome whole = runToEnd(config, straight);
    assertEquals(6, whole.training().steps());
    List<JsonNode> logged = steps(straight);
    for (String term : List.of("contrastive", "sgopt", "sgopt_distance", "encoder_mlm", "decoder_mlm")) {
      assertTrue(logged.stream().anyMatch(e -> e.path("terms").has(term)), "every kind of loss is logged: " + term);
    }

    Path killed = temp.resolve("killed");
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.PRETRAIN), TrainingConfig.Use.PRETRAIN, killed, false,
        false);
    assertThrows(IllegalStateException.class, () -> new PretrainingRun(config, killed, ProgressFactory.NONE)
        .run(step -> {
          if (step == 3) {
            throw new IllegalStateException("killed after step 3");
          }
        }));
    TrainingConfig saved = RunFolder.prepare(null, Map.of(), TrainingConfig.Use.PRETRAIN, killed, true, false);
    List<Long> ran = new ArrayList<>();
    PretrainingRun.Outcome resumed = new PretrainingRun(saved, killed, ProgressFactory.NONE).run(ran::add);
    assertEquals(2, resumed.training().startStep());
    assertEquals(List.of(3L, 4L, 5L, 6L), ran);
    assertEquals(losses(straight), losses(killed), "the resumed run repeats the uninterrupted one exactly");
    assertArrayEquals(Files.readAllBytes(straight.resolve("model/model.safetensors")),
        Files.readAllBytes(killed.resolve("model/model.safetensors")));

    Path limited = temp.resolve("limited");
    TrainingConfig hurried = tiny(wiki, config.pretrain.task);
    hurried.pretrain.maxSteps = 6;
    hurried.pretrain.queueSize = 20;
    hurried.pretrain.momentum = 0.9;
    hurried.pretrain.maxMinutes = 1e-9;
    PretrainingRun.Outcome stopped = runToEnd(hurried, limited);
    assertEquals(1, stopped.training().steps(), "the time limit stops the run after its first step");
    assertTrue(Files.isRegularFile(limited.resolve("model/model.safetensors")), "a stopped run exports its model");
    assertTrue(Files.exists(limited.resolve("checkpoints/step-000001/state.json")), "and leaves a checkpoint");
    assertTrue(TrainingLog.read(limited.resolve("log.jsonl")).stream()
        .anyMatch(e -> "stopped".equals(e.path("event").asText())), "the stop is logged");
    TrainingConfig again = RunFolder.prepare(null, Map.of("maxMinutes", 0.0), TrainingConfig.Use.PRETRAIN, limited,
        true, false);
    assertEquals(5, new PretrainingRun(again, limited, ProgressFactory.NONE).run().training().steps());
    assertEquals(losses(straight), losses(limited), "a run stopped by its time limit resumes exactly");
    assertArrayEquals(Files.readAllBytes(straight.resolve("model/model.safetensors")),
        Files.readAllBytes(limited.resolve("model/model.safetensors")));

    // the exported encoder is a model train --model and distill --student start from
    StartingModel start = StartingModel.of(straight.resolve("model").toString(), 1);
    assertEquals(2, start.weights().config().layers());
    assertEquals(64, start.weights().config().hidden());
  }

  @Test
  void aLinkTaskOnABeirCorpusStopsBeforeTrainingSayingWhy() throws IOException {
    Path beir = temp.resolve("beir");
    Files.createDirectories(beir);
    Files.writeString(beir.resolve("corpus.jsonl"), """
        {"_id": "d1", "title": "One", "text": "The first document says one thing. Then another."}
        {"_id": "d2", "title": "Two", "text": "The second document says two things. Then more."}
        """);
    Files.writeString(beir.resolve("queries.jsonl"), "");
    Path out = temp.resolve("refused");
    TrainingConfig config = tiny(beir, "ict,wlp");
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.PRETRAIN), TrainingConfig.Use.PRETRAIN, out, false, false);
    PretrainingRun run = new PretrainingRun(config, out, ProgressFactory.NONE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::run);
    assertTrue(e.getMessage().contains("task wlp needs hyperlinks between pages, and corpus beir is a BEIR corpus"),
        e.getMessage());
    assertFalse(Files.exists(out.resolve("log.jsonl")), "nothing was trained");
    // ICT and crops read a BEIR corpus
    TrainingConfig ict = tiny(beir, "ict,crop");
    ict.pretrain.maxSteps = 1;
    assertEquals(1, runToEnd(ict, temp.resolve("beir-ict")).training().steps());
  }
}
