package dev.quarry.train.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.Pooling;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import dev.quarry.train.TinySliceAccess;
import dev.quarry.train.TrainingConfig;
import dev.quarry.train.TrainingLog;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.data.TrainingData;
import dev.quarry.train.data.TrainingExample;
import dev.quarry.train.rerank.CrossEncoderHead;
import dev.quarry.train.rerank.RerankerExport;
import dev.quarry.train.rerank.RerankerObjective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short PairDistill run end to end on a real SciFact slice: a MiniLM student, teachers made from MiniLM's weights
 * with a fixed head (untrained, but real ONNX rerankers), small groups and lengths. The rounds write their files,
 * the loss falls, the teacher caches fill, and a resumed run skips a finished round.
 */
class DistillationRunTest {
  @TempDir Path temp;

  private static Path teacher(Path dir, RerankerObjective.Kind kind) {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    EncoderRecipe recipe = new EncoderRecipe(Pooling.CLS, false, "", "", 64);
    try (CrossEncoderHead model = new CrossEncoderHead(new BertEncoder(base, recipe, BertWeights.load(base), 16, 64,
        8), null, kind.ordinal() + 1)) {
      RerankerExport.save(model.encoder().weights(), model.head(), base, kind, 64, dir);
    }
    return dir;
  }

  @Test
  void roundsRetrieveLabelTrainAndResume() throws IOException {
    Path data = TinySliceAccess.write(temp.resolve("slice"), 16, 80);
    TrainingConfig c = new TrainingConfig();
    c.dataset = data.toString();
    c.model = "all-MiniLM-L6-v2";
    c.rerankers = List.of(teacher(temp.resolve("cross"), RerankerObjective.Kind.CROSS_ENCODER).toString());
    c.pairwise = teacher(temp.resolve("duo"), RerankerObjective.Kind.PAIRWISE).toString();
    c.rounds = 1;
    c.depth = 8;
    c.topK = 6;
    c.pairWindow = 2;
    c.pairsPerQuery = 3;
    c.groupSize = 4;
    c.batchSize = 4;
    c.epochs = 3;
    c.checkpointEvery = 0;
    c.learningRate = 5e-5;
    c.temperature = 0.05;
    c.queryLength = 16;
    c.passageLength = 32;
    c.threads = 2;
    Path out = temp.resolve("distill");
    TrainingRun.prepare(c, out, false, false);
    List<DistillationRun.Round> first = new DistillationRun(c, out, temp.resolve("teachers"),
        p -> TrainingRun.ProgressSink.none()).run();
    assertEquals(1, first.size());
    Path round = out.resolve("round-1");
    assertTrue(Files.exists(round.resolve("model/model.onnx")), "the distilled student is served by ONNX Runtime");
    dev.quarry.core.data.BeirDataset dataset = new dev.quarry.core.data.BeirDataset(data);
    Map<String, String> corpus = TrainingRun.readCorpus(dataset);
    List<TrainingExample> examples = TrainingData.read(round.resolve("train.jsonl"), corpus);
    assertFalse(examples.isEmpty());
    for (TrainingExample e : examples) {
      assertEquals(4, e.positives().size() + e.negatives().size());
      assertEquals(3, e.pairs().size());
      assertTrue(e.positives().get(0).score() >= e.negatives().get(0).score(), "the group is sorted by the teacher");
    }
    Path caches = temp.resolve("teachers").resolve(dataset.name());
    Path pointCache = TeacherScoreCache.fileFor(caches, c.rerankers.get(0));
    assertTrue(Files.size(pointCache) > 0, "pointwise scores cached per dataset and teacher");
    assertTrue(Files.size(TeacherScoreCache.fileFor(caches, c.pairwise)) > 0);
    TeacherAgreement agreement = TeacherAgreement.of(examples, dataset.qrels("train"));
    assertEquals(agreement, first.get(0).agreement());
    assertTrue(agreement.teacherPairs() <= 3L * examples.size(), "only sampled pairs count");

    List<com.fasterxml.jackson.databind.JsonNode> steps = TrainingLog.read(round.resolve("log.jsonl")).stream()
        .filter(x -> !x.has("event")).toList();
    for (var step : steps) {
      var terms = step.get("terms");
      double weighted = c.pointwiseWeight * terms.get("pointwise").asDouble()
          + c.pairwiseWeight * terms.get("pairwise").asDouble() + c.inBatchWeight * terms.get("in_batch").asDouble();
      assertEquals(step.get("loss").asDouble(), weighted, 1e-4 * Math.max(1, weighted),
          "each step logs its loss terms, which sum with their weights to the loss: " + step);
    }
    List<Double> losses = steps.stream().map(x -> x.get("loss").asDouble()).toList();
    int n = losses.size();
    double start = losses.subList(0, n / 3).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double end = losses.subList(n - n / 3, n).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(end < start, "loss fell from " + start + " to " + end + ": " + losses);

    long pointScores = Files.readAllLines(pointCache).size();
    c.rounds = 2;
    TrainingConfig resumed = TrainingRun.prepare(c, out, true, false);
    resumed.rounds = 2;
    List<DistillationRun.Round> second = new DistillationRun(resumed, out, temp.resolve("teachers"),
        p -> TrainingRun.ProgressSink.none()).run();
    assertEquals(2, second.size());
    assertEquals(0.0, second.get(0).seconds(), "round 1 was complete and is skipped");
    assertEquals(agreement, second.get(0).agreement(), "a skipped round reports its teachers' agreement again");
    assertTrue(Files.exists(out.resolve("round-2/model/model.onnx")));
    assertTrue(Files.readAllLines(pointCache).size() >= pointScores);
  }
}
