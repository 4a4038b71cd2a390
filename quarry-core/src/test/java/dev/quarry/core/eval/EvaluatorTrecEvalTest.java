/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.ac.gla.terrier.jtreceval.trec_eval;

/**
 * Every metric equals trec_eval 9's (the real binary, through jtreceval) to 4 decimals, per query and averaged,
 * on random runs and qrels: graded and binary judgments, tied scores, queries missing from either side, queries
 * with no relevant document, with and without {@code -c}.
 */
class EvaluatorTrecEvalTest {
  private static final List<Metric> METRICS = Metric.parseList(
      "ndcg@5,ndcg@10,ndcg,recall@5,recall@10,recall@100,p@5,p@10,map,map@10,success@1,success@5,success@10,mrr");

  /** trec_eval prints 4 decimals, rounding halves to even; allow that rounding and no more. */
  private static final double TOLERANCE = 0.00005 + 1e-9;

  @TempDir Path temp;

  static List<Object[]> cases() {
    List<Object[]> cases = new ArrayList<>();
    for (int seed = 0; seed < 60; seed++) {
      cases.add(new Object[] {seed, seed % 2 == 0, seed % 3 == 0});
    }
    return cases;
  }

  @ParameterizedTest(name = "seed {0}, graded {1}, complete {2}")
  @MethodSource("cases")
  void agreesWithTrecEval(int seed, boolean graded, boolean complete) throws IOException {
    assumeTrue(trec_eval.isPlatformSupported(), "jtreceval ships no trec_eval binary for this platform");
    Random random = new Random(seed);
    Path qrelsFile = temp.resolve("qrels.txt");
    Path runFile = temp.resolve("run.txt");
    writeRandomCollection(random, graded, qrelsFile, runFile);
    Qrels qrels = Qrels.read(qrelsFile);
    Run run = Run.read(runFile);

    Evaluation ours = new Evaluator(qrels, METRICS, complete, 1).evaluate(run);
    if (!complete && run.queryIds().stream().noneMatch(qrels::contains)) {
      // trec_eval stops with "No queries with both results and relevance info"; we report no queries.
      assertEquals(0, ours.queryCount());
      return;
    }
    Map<String, Map<String, Double>> theirs = trecEval(qrelsFile, runFile, complete, null, METRICS);
    assertEquals(theirs.get("num_q").get("all").intValue(), ours.queryCount(), "num_q");
    for (Metric metric : METRICS) {
      String name = metric.trecEvalName().replace('.', '_');
      Map<String, Double> expected = theirs.get(name);
      assertEquals(expected.get("all"), ours.mean(metric), TOLERANCE, metric + " mean");
      ours.perQuery(metric).forEach((q, value) -> assertPerQuery(expected, run, q, value, metric.name()));
    }

    // MRR@k is trec_eval's recip_rank over the top k only (-M k).
    Metric mrr10 = Metric.parse("mrr@10");
    Evaluation cut = new Evaluator(qrels, List.of(mrr10), complete, 1).evaluate(run);
    Map<String, Map<String, Double>> theirsCut = trecEval(qrelsFile, runFile, complete, 10, List.of(Metric.parse("mrr")));
    assertEquals(theirsCut.get("recip_rank").get("all"), cut.mean(mrr10), TOLERANCE, "mrr@10 mean");
    cut.perQuery(mrr10).forEach((q, v) -> assertPerQuery(theirsCut.get("recip_rank"), run, q, v, "mrr@10"));
  }

  /** trec_eval -q -c prints no line for a judged query missing from the run; it averages it in as 0. */
  private static void assertPerQuery(Map<String, Double> expected, Run run, String query, double value, String metric) {
    Double theirs = expected.get(query);
    if (theirs == null) {
      assertTrue(run.results(query).isEmpty(), metric + ": trec_eval did not evaluate query " + query);
      assertEquals(0, value, metric + " of query " + query + ", missing from the run");
    } else {
      assertEquals(theirs, value, TOLERANCE, metric + " of query " + query);
    }
  }

  /** Random qrels (TREC format) and a random run with many tied scores. */
  private static void writeRandomCollection(Random random, boolean graded, Path qrelsFile, Path runFile)
      throws IOException {
    int queries = 2 + random.nextInt(25);
    int pool = 5 + random.nextInt(80);
    StringBuilder qrels = new StringBuilder();
    StringBuilder run = new StringBuilder();
    for (int q = 0; q < queries; q++) {
      String qid = "q" + q;
      boolean inQrels = random.nextInt(10) > 0;
      boolean inRun = random.nextInt(10) > 0;
      boolean noneRelevant = random.nextInt(8) == 0;
      if (inQrels) {
        int judged = 1 + random.nextInt(pool);
        for (int d = 0; d < pool && judged > 0; d++) {
          if (random.nextInt(pool) < judged) {
            int rel = noneRelevant ? 0 : graded ? random.nextInt(4) : random.nextInt(2);
            qrels.append(qid).append(" 0 d").append(d).append(' ').append(rel).append('\n');
            judged--;
          }
        }
      }
      if (inRun) {
        int retrieved = random.nextInt(pool + 1);
        boolean ties = random.nextBoolean();
        int rank = 1;
        for (int d = 0; d < pool && rank <= retrieved; d++) {
          if (random.nextInt(pool) < retrieved) {
            double score = ties ? random.nextInt(5) : random.nextGaussian() * 10;
            // the rank column is deliberately wrong: trec_eval ignores it
            run.append(qid).append(" Q0 d").append(d).append(' ').append(rank++).append(' ')
                .append(String.format(Locale.ROOT, "%.6f", score)).append(" test\n");
          }
        }
      }
    }
    if (qrels.isEmpty()) {
      qrels.append("q0 0 d0 1\n");
    }
    if (run.isEmpty()) { // trec_eval refuses an empty run
      run.append("q0 Q0 d0 1 1.0 test\n");
    }
    Files.writeString(qrelsFile, qrels);
    Files.writeString(runFile, run);
  }

  /** measure -> query (or "all") -> value, from trec_eval -q. */
  private static Map<String, Map<String, Double>> trecEval(Path qrels, Path run, boolean complete, Integer maxDocs,
      List<Metric> metrics) {
    List<String> args = new ArrayList<>(List.of("-q"));
    if (complete) {
      args.add("-c");
    }
    if (maxDocs != null) {
      args.add("-M");
      args.add(maxDocs.toString());
    }
    Map<String, List<Integer>> byBase = new HashMap<>();
    for (Metric m : metrics) {
      String name = m.trecEvalName();
      int dot = name.indexOf('.');
      if (dot < 0) {
        byBase.putIfAbsent(name, new ArrayList<>());
      } else {
        byBase.computeIfAbsent(name.substring(0, dot), k -> new ArrayList<>()).add(Integer.parseInt(name.substring(dot + 1)));
      }
    }
    byBase.forEach((base, cutoffs) -> {
      args.add("-m");
      args.add(cutoffs.isEmpty() ? base : base + "." + String.join(",", cutoffs.stream().map(String::valueOf).toList()));
    });
    args.add("-m");
    args.add("num_q");
    args.add(qrels.toString());
    args.add(run.toString());
    trec_eval te = new trec_eval();
    String[][] rows = te.runAndGetOutput(args.toArray(String[]::new));
    assertEquals(0, te.getLastExitCode(), "trec_eval failed: " + String.join(" ", args));
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (String[] row : rows) {
      if (row.length == 3) {
        out.computeIfAbsent(row[0].strip(), k -> new HashMap<>()).put(row[1].strip(), Double.parseDouble(row[2]));
      }
    }
    assertTrue(out.containsKey("num_q"), "trec_eval printed no num_q");
    return out;
  }
}
