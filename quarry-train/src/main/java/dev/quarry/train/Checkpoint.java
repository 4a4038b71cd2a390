/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.onnx.weights.Safetensors;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A resumable snapshot of a run after {@code step} steps, in {@code checkpoints/step-NNNNNN/}: the trainable state
 * ({@code weights.safetensors}, Hugging Face names), the optimizer's moments ({@code optimizer.safetensors}), the step
 * ({@code state.json}) and the training examples with their current negatives ({@code examples.jsonl}, which ANCE
 * refreshes change). Written atomically, so a run killed while saving leaves the previous checkpoint intact.
 */
public record Checkpoint(Path folder, long step) {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String WEIGHTS = "weights.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String EXAMPLES = "examples.jsonl";

  static Path folderFor(Path checkpoints, long step) {
    return checkpoints.resolve(String.format("step-%06d", step));
  }

  public static Checkpoint save(Path checkpoints, long step, Map<String, Safetensors.Tensor> model,
      Map<String, Safetensors.Tensor> optimizer, List<TrainingExample> examples) {
    Path target = folderFor(checkpoints, step);
    try (AtomicDirectory out = AtomicDirectory.create(target, true, "state.json")) {
      Safetensors.write(out.path().resolve(WEIGHTS), model, Map.of());
      Safetensors.write(out.path().resolve(OPTIMIZER), optimizer, Map.of());
      TrainingData.write(out.path().resolve(EXAMPLES), examples, false);
      Files.writeString(out.path().resolve("state.json"), JSON.writeValueAsString(Map.of("step", step)));
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
    return new Checkpoint(target, step);
  }

  /** The checkpoint with the most steps, if any complete one exists. */
  public static Optional<Checkpoint> latest(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> folders = Files.list(checkpoints)) {
      return folders.filter(p -> p.getFileName().toString().startsWith("step-"))
          .filter(p -> Files.exists(p.resolve("state.json")))
          .map(p -> {
            try {
              return new Checkpoint(p, JSON.readTree(p.resolve("state.json").toFile()).path("step").asLong());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .max(java.util.Comparator.comparingLong(Checkpoint::step));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + checkpoints + ": " + e.getMessage(), e);
    }
  }

  /** The trainable state saved, by name. */
  public Map<String, Safetensors.Tensor> modelState() {
    return Safetensors.read(folder.resolve(WEIGHTS));
  }

  public Map<String, Safetensors.Tensor> optimizerState() {
    return Safetensors.read(folder.resolve(OPTIMIZER));
  }

  public List<TrainingExample> examples(Map<String, String> corpus) {
    return TrainingData.read(folder.resolve(EXAMPLES), corpus);
  }

  /** Deletes all checkpoints but the newest {@code keep} complete ones, and any incomplete one. */
  public static void prune(Path checkpoints, int keep) {
    try (Stream<Path> folders = Files.list(checkpoints)) {
      List<Path> all = folders.filter(p -> p.getFileName().toString().startsWith("step-")).toList();
      List<Path> complete = all.stream().filter(p -> Files.exists(p.resolve("state.json")))
          .sorted(java.util.Comparator.comparing(Checkpoint::stepOf)).toList();
      List<Path> kept = complete.subList(Math.max(0, complete.size() - keep), complete.size());
      for (Path folder : all) {
        if (!kept.contains(folder)) {
          AtomicDirectory.deleteRecursively(folder);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune " + checkpoints + ": " + e.getMessage(), e);
    }
  }

  private static long stepOf(Path folder) {
    try {
      return JSON.readTree(folder.resolve("state.json").toFile()).path("step").asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
