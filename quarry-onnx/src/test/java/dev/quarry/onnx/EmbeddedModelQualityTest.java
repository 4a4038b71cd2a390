package dev.quarry.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each embedded model's recipe on a real SciFact slice (all 300 test queries, every relevant document, distractors
 * up to 600 documents). A slice only removes non-relevant documents, so nDCG@10 on it is at least the model's
 * full-corpus figure: each model must reach its published SciFact nDCG@10 (MTEB) less the acceptance tolerance.
 * A wrong recipe (pooling, instruction, prefixes) falls far below. The full-corpus figures are measured by
 * bench/dense-scifact.sh and recorded in docs/BENCHMARKS.md.
 */
class EmbeddedModelQualityTest {
  private static SciFactSlice slice;

  @BeforeAll
  static void load() {
    slice = SciFactSlice.load(600);
  }

  private static double ndcg10(String model) {
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(model))) {
      float[][] docs = encoder.encodePassages(slice.texts());
      float[][] queries = encoder.encodeQueries(new ArrayList<>(slice.queries().asMap().values()));
      Metric ndcg = Metric.parse("ndcg@10");
      double value = new Evaluator(slice.qrels(), List.of(ndcg)).evaluate(slice.run(queries, docs)).mean(ndcg);
      System.err.printf("%s: nDCG@10 %.4f on the slice (%d documents)%n", model, value, docs.length);
      return value;
    }
  }

  @Test
  void bgeSmallReachesItsPublishedFigure() {
    double value = ndcg10("bge-small-en-v1.5");
    assertTrue(value >= 0.7127 - 0.003, "bge-small-en-v1.5 nDCG@10 " + value);
  }

  @Test
  void miniLmReachesItsPublishedFigure() {
    double value = ndcg10("all-MiniLM-L6-v2");
    assertTrue(value >= 0.6451 - 0.005, "all-MiniLM-L6-v2 nDCG@10 " + value);
  }

  @Test
  void int8BgeLosesLittle() {
    double value = ndcg10("bge-small-en-v1.5-int8");
    assertTrue(value >= 0.7127 - 0.003 - 0.01, "bge-small-en-v1.5-int8 nDCG@10 " + value);
  }
}
