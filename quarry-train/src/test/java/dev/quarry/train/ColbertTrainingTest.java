/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.ProgressFactory;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.Pooling;
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
 * ColBERT trained contrastively on the shared pipeline (a tiny random BERT on a real SciFact slice): the loss falls,
 * the model is saved as a colbert model, and a killed run resumes bit for bit, projection included.
 */
class ColbertTrainingTest {
  @TempDir Path temp;

  private static TrainingConfig colbert(Path dataset) {
    TrainingConfig c = TrainerTest.tiny(dataset);
    c.kind = ModelKind.COLBERT;
    c.loop.temperature = 1;
    return c;
  }

  private DenseTrainingRun run(TrainingConfig config, Path out) {
    return new DenseTrainingRun(config, out, new IndexCache(temp.resolve("cache")), ProgressFactory.NONE);
  }

  private static List<Double> losses(Path out) {
    return TrainingLog.read(out.resolve("log.jsonl")).stream().filter(e -> !e.has("event"))
        .map(e -> e.get("loss").asDouble()).toList();
  }

  @Test
  void lossFallsAndTheModelIsSavedAsColbert() throws IOException {
    Path data = TinySlice.write(temp.resolve("slice"), 32, 60);
    TrainingConfig config = colbert(data);
    config.loop.epochs = 8;
    config.loop.dropout = 0;
    config.loop.learningRate = 3e-3;
    config.mining.evalEvery = 8;
    Path out = temp.resolve("run");
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.TRAIN), TrainingConfig.Use.TRAIN, out, false, false);
    run(config, out).run();
    List<Double> losses = losses(out);
    int n = losses.size();
    double first = losses.subList(0, n / 3).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last = losses.subList(n - n / 3, n).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(last < 0.8 * first, "loss fell from " + first + " to " + last + ": " + losses);
    ModelManifest manifest = ModelManifest.read(out.resolve("model"), ModelKind.DENSE,
        new EncoderRecipe(Pooling.CLS, false, "", "", 512)).orElseThrow();
    assertEquals(ModelKind.COLBERT, manifest.kind());
    assertEquals(32, manifest.queryLength());
    assertTrue(Files.exists(out.resolve("model").resolve(OnnxColbertEncoder.PROJECTION)));
    assertTrue(TrainingLog.read(out.resolve("log.jsonl")).stream().anyMatch(e -> e.has("dev_ndcg@10")),
        "dev evaluations (MaxSim over each dev query's pool) are logged");
  }

  @Test
  void aKilledColbertRunResumesBitForBit() throws IOException {
    Path data = TinySlice.write(temp.resolve("slice"), 32, 60);
    TrainingConfig config = colbert(data);
    config.loop.epochs = 2;
    Path straight = temp.resolve("straight");
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.TRAIN), TrainingConfig.Use.TRAIN, straight, false, false);
    run(config, straight).run();
    Path killed = temp.resolve("killed");
    RunFolder.prepare(null, config.asMap(TrainingConfig.Use.TRAIN), TrainingConfig.Use.TRAIN, killed, false, false);
    assertThrows(IllegalStateException.class, () -> run(config, killed).run(step -> {
      if (step == 3) {
        throw new IllegalStateException("killed after step 3");
      }
    }));
    TrainingConfig saved = RunFolder.prepare(null, Map.of(), TrainingConfig.Use.TRAIN, killed, true, false);
    run(saved, killed).run();
    assertEquals(losses(straight), losses(killed), "the resumed run repeats the uninterrupted one exactly");
    assertArrayEquals(Files.readAllBytes(straight.resolve("model").resolve(OnnxColbertEncoder.PROJECTION)),
        Files.readAllBytes(killed.resolve("model").resolve(OnnxColbertEncoder.PROJECTION)));
  }

  @Test
  void anceIsRefusedForColbert() {
    TrainingConfig config = colbert(temp);
    config.mining.negatives = MiningSettings.Negatives.ance;
    config.mining.refreshEvery = 5;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config.validate(TrainingConfig.Use.TRAIN));
    assertTrue(e.getMessage().contains("kind colbert"), e.getMessage());
  }
}
