package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training a tiny randomly initialised encoder (2 layers, hidden 64, the real tokenizer) on a real SciFact slice:
 * the loss falls, and a run killed mid-way resumes bit for bit.
 */
class TrainerTest {
  @TempDir Path temp;

  private TrainingConfig tiny(Path dataset) {
    TrainingConfig c = new TrainingConfig();
    c.dataset = dataset.toString();
    c.split = "train";
    c.model = "bge-small-en-v1.5";
    c.randomLayers = 2;
    c.randomHidden = 64;
    c.negatives = TrainingConfig.Negatives.bm25;
    c.hardNegatives = 1;
    c.batchSize = 8;
    c.epochs = 6;
    c.learningRate = 1e-3;
    c.warmup = 0.1;
    c.queryLength = 32;
    c.passageLength = 64;
    c.devQueries = 8;
    c.evalEvery = 0;
    c.checkpointEvery = 2;
    c.threads = 2;
    return c;
  }

  /** Trains {@code config} into a new folder {@code out} to its last step. */
  private static void trainToEnd(TrainingConfig config, Path out) {
    TrainingRun.prepare(config, out, false, false);
    new TrainingRun(config, out, phase -> TrainingRun.ProgressSink.none()).run();
  }

  private static List<Double> losses(Path out) {
    return TrainingLog.read(out.resolve("log.jsonl")).stream().filter(e -> !e.has("event"))
        .map(e -> e.get("loss").asDouble()).toList();
  }

  @Test
  void lossFallsOnARealSlice() throws IOException {
    Path data = TinySlice.write(temp.resolve("slice"), 48, 150);
    TrainingConfig config = tiny(data);
    config.evalEvery = 10;
    config.epochs = 20;
    config.dropout = 0;
    config.learningRate = 3e-3;
    Path out = temp.resolve("run");
    TrainingRun.prepare(config, out, false, false);
    TrainingRun.Result result = new TrainingRun(config, out, phase -> TrainingRun.ProgressSink.none()).run();
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
  void aKilledRunResumesBitForBit() throws IOException {
    Path data = TinySlice.write(temp.resolve("slice"), 32, 60);
    TrainingConfig config = tiny(data);
    config.epochs = 2;
    Path straight = temp.resolve("straight");
    trainToEnd(config, straight);

    Path killed = temp.resolve("killed");
    TrainingRun.prepare(config, killed, false, false);
    assertThrows(IllegalStateException.class, () -> new TrainingRun(config, killed,
        phase -> TrainingRun.ProgressSink.none()).run(step -> {
          if (step == 3) {
            throw new IllegalStateException("killed after step 3");
          }
          return step;
        }));
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> TrainingRun.prepare(config, killed, false, false));
    assertTrue(exists.getMessage().contains("--resume"), exists.getMessage());
    TrainingConfig saved = TrainingRun.prepare(config, killed, true, false);
    new TrainingRun(saved, killed, phase -> TrainingRun.ProgressSink.none()).run();

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
    config.epochs = 1;
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
}
