/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Qrels;
import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.Pooling;
import dev.quarry.rerank.TeacherScoreCache;
import dev.quarry.search.IndexCache;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import dev.quarry.train.RunFolder;
import dev.quarry.train.TinySliceAccess;
import dev.quarry.train.TrainingLog;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.train.rerank.CrossEncoderHead;
import dev.quarry.train.rerank.RerankerExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short PairDistill run end to end on a real SciFact slice: a MiniLM student, teachers made from MiniLM's weights
 * with a fixed head (untrained, but real ONNX rerankers), small groups and lengths. The rounds write their files,
 * every candidate is scored once, the loss terms add up, the loss falls, and the run resumes: with more rounds,
 * from a round killed mid-way (from its checkpoint, without asking the teachers again), and refusing changes that
 * would alter what was trained.
 */
class DistillationRunTest {
  @TempDir Path temp;

  private static Path teacher(Path dir, ModelKind kind) {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    EncoderRecipe recipe = new EncoderRecipe(Pooling.CLS, false, "", "", 64);
    try (CrossEncoderHead model = new CrossEncoderHead(new BertEncoder(base, recipe, BertWeights.load(base), 16, 64,
        8), kind, null, kind.ordinal() + 1)) {
      RerankerExport.save(model.encoder().weights(), model.head(), base, kind, 64, dir);
    }
    return dir;
  }

  private Map<String, Object> settings(Path data) {
    return Map.ofEntries(Map.entry("dataset", data.toString()), Map.entry("model", "all-MiniLM-L6-v2"),
        Map.entry("rerankers", List.of(teacher(temp.resolve("cross"), ModelKind.CROSS_ENCODER).toString())),
        Map.entry("pairwise", teacher(temp.resolve("duo"), ModelKind.PAIRWISE).toString()),
        Map.entry("rounds", 1), Map.entry("depth", 8), Map.entry("topK", 6), Map.entry("pairWindow", 2),
        Map.entry("pairsPerQuery", 3), Map.entry("groupSize", 4), Map.entry("batchSize", 4), Map.entry("epochs", 3),
        Map.entry("checkpointEvery", 2), Map.entry("learningRate", 5e-5), Map.entry("temperature", 0.05),
        Map.entry("queryLength", 16), Map.entry("passageLength", 32), Map.entry("threads", 2));
  }

  private DistillationRun run(TrainingConfig c, Path out) {
    return new DistillationRun(c, out, new IndexCache(temp.resolve("cache")), ProgressFactory.NONE);
  }

  private static List<Long> steps(Path round) {
    return TrainingLog.read(round.resolve("log.jsonl")).stream().filter(x -> !x.has("event"))
        .map(x -> x.get("step").asLong()).toList();
  }

  @Test
  void roundsRetrieveLabelTrainAndResume() throws IOException {
    Path data = TinySliceAccess.write(temp.resolve("slice"), 16, 80);
    Path out = temp.resolve("distill");
    TrainingConfig c = RunFolder.prepare(null, settings(data), TrainingConfig.Use.DISTILL, out, false, false);
    List<DistillationRun.Round> first = run(c, out).run();
    assertEquals(1, first.size());
    Path round = out.resolve("round-1");
    assertTrue(Files.exists(round.resolve("model/model.onnx")), "the distilled student is served by ONNX Runtime");
    BeirDataset dataset = new BeirDataset(data);
    Map<String, String> corpus = dataset.corpusTexts();
    Qrels qrels = dataset.qrels("train");
    List<TrainingExample> examples = TrainingData.read(round.resolve("train.jsonl"), corpus);
    assertEquals(16, examples.size(), "every training query of the slice has enough candidates");
    long judgedPairs = 0;
    for (TrainingExample e : examples) {
      assertEquals(4, e.positives().size() + e.negatives().size());
      assertEquals(3, e.pairs().size());
      assertTrue(e.positives().get(0).score() >= e.negatives().get(0).score(), "the group is sorted by the teacher");
      List<TrainingExample.Passage> group = new java.util.ArrayList<>(e.positives());
      group.addAll(e.negatives());
      long relevant = group.stream().filter(p -> qrels.judgments(e.queryId()).getOrDefault(p.id(), 0) > 0).count();
      judgedPairs += relevant * (group.size() - relevant);
    }
    assertEquals(judgedPairs, first.get(0).agreement().groupPairs(), "agreement is over the pairs the qrels order");

    Path caches = new IndexCache(temp.resolve("cache")).teachers(dataset.corpusFile());
    Path pointCache = TeacherScoreCache.fileFor(caches, c.distill.rerankers.get(0));
    Path pairCache = TeacherScoreCache.fileFor(caches, c.distill.pairwise);
    assertEquals(16 * 8, Files.readAllLines(pointCache).size(), "each query's 8 candidates scored once");
    assertEquals(16 * 3, Files.readAllLines(pairCache).size(), "each sampled pair judged once");
    assertEquals(16 * 8 + 16 * 3, first.get(0).teacherScores());

    List<JsonNode> log = TrainingLog.read(round.resolve("log.jsonl")).stream().filter(x -> !x.has("event")).toList();
    for (JsonNode step : log) {
      JsonNode terms = step.get("terms");
      double weighted = terms.get("pointwise").asDouble() + 3 * terms.get("pairwise").asDouble()
          + terms.get("in_batch").asDouble();
      assertEquals(step.get("loss").asDouble(), weighted, 1e-4 * Math.max(1, weighted),
          "each step logs its loss terms, which sum with their weights to the loss: " + step);
    }
    List<Double> losses = log.stream().map(x -> x.get("loss").asDouble()).toList();
    int n = losses.size();
    assertEquals(12, n, "16 queries in batches of 4, three epochs");
    double start = losses.subList(0, n / 3).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double end = losses.subList(n - n / 3, n).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(end < start, "loss fell from " + start + " to " + end + ": " + losses);

    IllegalArgumentException changed = assertThrows(IllegalArgumentException.class, () -> RunFolder.prepare(null,
        Map.of("rounds", 2, "epochs", 5), TrainingConfig.Use.DISTILL, out, true, false));
    assertTrue(changed.getMessage().contains("drop --epochs"), changed.getMessage());
    TrainingConfig more = RunFolder.prepare(null, Map.of("rounds", 2), TrainingConfig.Use.DISTILL, out, true, false);
    assertEquals(2, more.distill.rounds, "a resumed run may take more rounds");
    assertTrue(Files.readString(out.resolve("config.json")).contains("\"rounds\" : 2"), "and says so in config.json");
    assertThrows(IllegalStateException.class, () -> run(more, out).run(step -> {
      if (step == 3) {
        throw new IllegalStateException("killed after step 3 of round 2");
      }
    }));
    assertFalse(Files.exists(out.resolve("round-2/model")));
    assertEquals(List.of(1L, 2L, 3L), steps(out.resolve("round-2")));

    TrainingConfig again = RunFolder.prepare(null, Map.of(), TrainingConfig.Use.DISTILL, out, true, false);
    List<DistillationRun.Round> second = run(again, out).run();
    assertEquals(2, second.size());
    assertTrue(second.get(0).kept(), "round 1 was complete and is kept");
    assertEquals(first.get(0).agreement(), second.get(0).agreement(), "a kept round reports its agreement again");
    assertEquals(0, second.get(1).teacherScores(), "round 2's examples were labelled before the kill");
    assertTrue(Files.exists(out.resolve("round-2/model/model.onnx")));
    assertEquals(LongStream.rangeClosed(1, 12).boxed().toList(), steps(out.resolve("round-2")),
        "round 2 went on from its checkpoint after step 2: every step once");
  }
}
