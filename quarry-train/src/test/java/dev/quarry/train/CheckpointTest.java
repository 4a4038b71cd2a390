/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.core.training.TrainingExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest complete checkpoint is the one a run resumes from, and only the two newest are kept. */
class CheckpointTest {
  @TempDir Path temp;

  @Test
  void theNewestCompleteCheckpointWinsAndPruningKeepsTwo() throws IOException {
    Path folder = temp.resolve("checkpoints");
    List<TrainingExample> examples = List.of(new TrainingExample("q", "query",
        List.of(new TrainingExample.Passage("d1", "one", null)), List.of(), List.of()));
    for (long step : new long[] {2, 10, 4}) {
      Checkpoint.save(folder, step, Map.of("w", new Safetensors.Tensor(new long[] {1}, new float[] {step})),
          Map.of("m.w", new Safetensors.Tensor(new long[] {1}, new float[] {-step})), examples);
    }
    // a folder a killed save left without its state.json is not a checkpoint
    Files.createDirectories(folder.resolve("step-000012"));
    Checkpoint latest = Checkpoint.latest(folder).orElseThrow();
    assertEquals(10, latest.step(), "by step, not by the order written or the folder's name");
    assertArrayEquals(new float[] {10}, latest.modelState().get("w").values());
    assertArrayEquals(new float[] {-10}, latest.optimizerState().get("m.w").values());
    assertEquals("q", latest.examples(Map.of("d1", "one")).get(0).queryId());
    Checkpoint.prune(folder, 2);
    try (var left = Files.list(folder)) {
      assertEquals(List.of("step-000004", "step-000010"), left.map(p -> p.getFileName().toString()).sorted()
          .toList(), "the two newest complete ones are kept; the oldest and the incomplete one deleted");
    }
    assertTrue(Checkpoint.latest(temp.resolve("none")).isEmpty());
  }
}
