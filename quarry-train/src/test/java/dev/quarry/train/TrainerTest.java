/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.core.ProgressFactory;
import dev.quarry.search.IndexCache;
import dev.quarry.train.config.MiningSettings;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.train.dense.DenseTrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training a tiny randomly initialised encoder (2 layers, hidden 64, the real tokenizer) on a real SciFact slice:
 * the loss falls, and a run killed mid-way resumes bit for bit.
 */
class TrainerTest {
  @TempDir Path temp;

  static TrainingConfig tiny(Path dataset) {
    TrainingConfig c = new TrainingConfig();
    c.dataset = dataset.toString();
    c.split = "train";
    c.model = "random:2:64";
    c.mining.negatives = MiningSettings.Negatives.bm25;
    c.mining.hardNegatives = 1;
    c.loop.batchSize = 8;
    c.loop.epochs = 6;
    c.loop.learningRate = 1e-3;
    c.loop.warmup = 0.1;
    c.loop.queryLength = 32;
    c.loop.passageLength = 64;
    c.mining.devQueries = 8;
    c.mining.evalEvery = 0;
    c.loop.checkpointEvery = 2;
    c.threads = 2;
    return c;
  }

  private DenseTrainingRun run(TrainingConfig config, Path out) {
    return new DenseTrainingRun(config, out, new IndexCache(temp.resolve("cache")), ProgressFactory.NONE);
  }

  /** Trains {@code config} into a new folder {@code out} to its last step. */
  private TrainingPipeline.Outcome trainToEnd(TrainingConfig config, Path out) {
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.TRAIN), TrainingConfig.Use.TRAIN, out, false, false);
    return run(config, out).run();
  }

  private static List<Double> losses(Path out) {
    return TrainingLog.read(out.resolve("log.jsonl")).stream().filter(e -> !e.has("event"))
        .map(e -> e.get("loss").asDouble()).toList();
  }

  @Test
  void lossFallsOnARealSlice() throws IOException {
    Path data = TinySlice.write(temp.resolve("slice"), 48, 150);
    TrainingConfig config = tiny(data);
    config.mining.evalEvery = 10;
    config.loop.epochs = 20;
    config.loop.dropout = 0;
    config.loop.learningRate = 3e-3;
    Path out = temp.resolve("run");
    TrainingPipeline.Outcome result = trainToEnd(config, out);
    List<Double> losses = losses(out);
    assertEquals(result.steps(), losses.size());
    int n = losses.size();
    double first = losses.subList(0, n / 3).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last = losses.subList(n - n / 3, n).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(last < 0.8 * first, "loss fell from " + first + " to " + last + ": " + losses);
    assertTrue(Files.exists(out.resolve("model/model.safetensors")));
    assertTrue(Files.readString(out.resolve("curve.html")).contains("<svg"));
    List<JsonNode> evals = TrainingLog.read(out.resolve("log.jsonl")).stream().filter(e -> e.has("event")).toList();
    assertTrue(evals.size() >= 2 && evals.get(0).has("dev_ndcg@10"), "dev evaluations are logged");
  }

  @Test
  void aKilledRunResumesFromItsCheckpointBitForBit() throws IOException {
    Path data = TinySlice.write(temp.resolve("slice"), 32, 60);
    TrainingConfig config = tiny(data);
    config.loop.epochs = 2;
    Path straight = temp.resolve("straight");
    TrainingPipeline.Outcome whole = trainToEnd(config, straight);
    assertEquals(6, whole.steps(), "26 training queries (6 held out for dev), batches of 8, two epochs");

    Path killed = temp.resolve("killed");
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.TRAIN), TrainingConfig.Use.TRAIN, killed, false, false);
    assertThrows(IllegalStateException.class, () -> run(config, killed).run(step -> {
      if (step == 3) {
        throw new IllegalStateException("killed after step 3");
      }
    }));
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class, () -> RunFolder.prepare(null,
        Map.of(), TrainingConfig.Use.TRAIN, killed, false, false));
    assertTrue(exists.getMessage().contains("--resume"), exists.getMessage());
    TrainingConfig saved = RunFolder.prepare(null, Map.of(), TrainingConfig.Use.TRAIN, killed, true, false);
    List<Long> ran = new java.util.ArrayList<>();
    TrainingPipeline.Outcome resumed = run(saved, killed).run(ran::add);

    assertEquals(2, resumed.startStep(), "the newest checkpoint before the kill was after step 2");
    assertEquals(4, resumed.steps(), "only the remaining steps ran");
    assertEquals(List.of(3L, 4L, 5L, 6L), ran);
    assertEquals(losses(straight), losses(killed), "the resumed run repeats the uninterrupted one exactly");
    assertArrayEquals(Files.readAllBytes(straight.resolve("model/model.safetensors")),
        Files.readAllBytes(killed.resolve("model/model.safetensors")));
  }

  @Test
  void gradientsSurviveGarbageCollection() throws IOException, InterruptedException {
    // Autograd keeps scalar operands for the backward pass; if they lived in Java buffers (DJL's Number overloads),
    // a collection between forward and backward freed them and the gradients came out NaN (see Scalars).
    Path data = TinySlice.write(temp.resolve("slice"), 32, 60);
    TrainingConfig config = tiny(data);
    config.loop.epochs = 1;
    Path quiet = temp.resolve("quiet");
    trainToEnd(config, quiet);

    Thread collector = new Thread(() -> {
      try {
        while (true) {
          System.gc();
          Thread.sleep(2);
        }
      } catch (InterruptedException stop) {
        // done
      }
    });
    collector.setDaemon(true);
    collector.start();
    Path collected = temp.resolve("collected");
    try {
      trainToEnd(config, collected);
    } finally {
      collector.interrupt();
      collector.join();
    }
    List<JsonNode> steps = TrainingLog.read(collected.resolve("log.jsonl")).stream().filter(e -> !e.has("event"))
        .toList();
    assertTrue(steps.size() >= 3, "steps: " + steps.size());
    for (JsonNode step : steps) {
      assertTrue(Double.isFinite(step.get("grad_norm").asDouble()), "finite gradients under GC: " + step);
    }
    assertEquals(losses(quiet), losses(collected), "garbage collection does not change training");
  }

  /**
   * ANCE: the model mines its own negatives before the first step and every refreshEvery steps; the refreshed
   * negatives replace BM25's, never hold a positive, are logged as refresh events, and a run killed after a refresh
   * resumes with the refreshed examples of its checkpoint, bit for bit.
   */
  @Test
  void anceRefreshesTheNegativesWithTheModelAndResumesWithThem() throws IOException {
    Path data = TinySlice.write(temp.resolve("slice"), 32, 60);
    TrainingConfig bm25 = tiny(data);
    bm25.loop.epochs = 2;
    Path mined = temp.resolve("bm25");
    RunFolder.prepare(null, bm25.asMap(TrainingConfig.Use.TRAIN), TrainingConfig.Use.TRAIN, mined, false, false);
    assertThrows(IllegalStateException.class, () -> run(bm25, mined).run(step -> {
      throw new IllegalStateException("only the mined examples are wanted");
    }));
    TrainingConfig ance = tiny(data);
    ance.loop.epochs = 2;
    ance.mining.negatives = MiningSettings.Negatives.ance;
    ance.mining.refreshEvery = 2;
    Path straight = temp.resolve("ance");
    trainToEnd(ance, straight);

    Map<String, String> corpus = new dev.quarry.core.data.BeirDataset(data).corpusTexts();
    List<dev.quarry.core.training.TrainingExample> before = dev.quarry.core.training.TrainingData.read(
        mined.resolve("train.jsonl"), corpus);
    List<dev.quarry.core.training.TrainingExample> after = dev.quarry.core.training.TrainingData.read(
        straight.resolve("train.jsonl"), corpus);
    assertEquals(before.stream().map(e -> e.queryId()).toList(), after.stream().map(e -> e.queryId()).toList());
    assertTrue(!before.equals(after), "the model's own negatives replace BM25's");
    for (var e : after) {
      var positives = e.positives().stream().map(p -> p.id()).collect(java.util.stream.Collectors.toSet());
      assertTrue(e.negatives().stream().noneMatch(n -> positives.contains(n.id())), "no positive as a negative");
    }
    List<Long> refreshes = TrainingLog.read(straight.resolve("log.jsonl")).stream()
        .filter(e -> "refresh".equals(e.path("event").asText())).map(e -> e.get("step").asLong()).toList();
    assertEquals(List.of(2L, 4L), refreshes, "refreshed before steps 3 and 5 of 6");

    Path killed = temp.resolve("killed");
    RunFolder.prepare(null, ance.asMap(TrainingConfig.Use.TRAIN), TrainingConfig.Use.TRAIN, killed, false, false);
    assertThrows(IllegalStateException.class, () -> run(ance, killed).run(step -> {
      if (step == 5) {
        throw new IllegalStateException("killed after step 5");
      }
    }));
    TrainingConfig saved = RunFolder.prepare(null, Map.of(), TrainingConfig.Use.TRAIN, killed, true, false);
    assertEquals(4, run(saved, killed).run().startStep(), "resumed after the second refresh");
    assertEquals(losses(straight), losses(killed), "with the checkpoint's refreshed negatives, bit for bit");
  }
}
