/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.core.ProgressFactory;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelManifest;
import dev.quarry.search.IndexCache;
import dev.quarry.train.RunFolder;
import dev.quarry.train.TinySliceAccess;
import dev.quarry.train.TrainingLog;
import dev.quarry.train.TrainingPipeline;
import dev.quarry.train.config.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pairwise reranker trained on a real SciFact slice, killed mid-run and resumed: the same reranker, bit for bit. */
class RerankerTrainingRunTest {
  @TempDir Path temp;

  private RerankerTrainingRun run(TrainingConfig config, Path out) {
    return new RerankerTrainingRun(config, out, new IndexCache(temp.resolve("cache")), ProgressFactory.NONE);
  }

  private static List<Double> losses(Path out) {
    return TrainingLog.read(out.resolve("log.jsonl")).stream().filter(e -> !e.has("event"))
        .map(e -> e.get("loss").asDouble()).toList();
  }

  @Test
  void aKilledPairwiseRunResumesBitForBit() throws IOException {
    Path data = TinySliceAccess.write(temp.resolve("slice"), 8, 40);
    Map<String, Object> settings = Map.ofEntries(Map.entry("kind", "pairwise"), Map.entry("dataset", data.toString()),
        Map.entry("model", "all-MiniLM-L6-v2"), Map.entry("windowFrom", 0), Map.entry("windowTo", 10),
        Map.entry("hardNegatives", 1), Map.entry("batchSize", 2), Map.entry("epochs", 1),
        Map.entry("checkpointEvery", 2), Map.entry("learningRate", 1e-4), Map.entry("queryLength", 16),
        Map.entry("passageLength", 48), Map.entry("devQueries", 0), Map.entry("threads", 2));
    Path straight = temp.resolve("straight");
    TrainingConfig config = RunFolder.prepare(null, settings, TrainingConfig.Use.TRAIN, straight, false, false);
    TrainingPipeline.Outcome whole = run(config, straight).run();
    assertEquals(4, whole.steps(), "8 queries in pairs, one epoch");
    assertEquals(ModelKind.PAIRWISE, ModelManifest.kindOf(whole.model(), ModelKind.DENSE));

    Path killed = temp.resolve("killed");
    RunFolder.prepare(null, settings, TrainingConfig.Use.TRAIN, killed, false, false);
    assertThrows(IllegalStateException.class, () -> run(config, killed).run(step -> {
      if (step == 3) {
        throw new IllegalStateException("killed after step 3");
      }
    }));
    TrainingConfig saved = RunFolder.prepare(null, Map.of(), TrainingConfig.Use.TRAIN, killed, true, false);
    TrainingPipeline.Outcome resumed = run(saved, killed).run();
    assertEquals(2, resumed.startStep());
    assertEquals(losses(straight), losses(killed));
    for (String file : List.of("model.safetensors", "head.safetensors", "model.onnx")) {
      assertArrayEquals(Files.readAllBytes(straight.resolve("model").resolve(file)),
          Files.readAllBytes(killed.resolve("model").resolve(file)), file);
    }
  }
}
