/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.rerank.TeacherScoreCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train a cross-encoder teacher from MiniLM's weights, then rerank a BM25 run with it, teacher scores cached. */
class RerankCommandTest {
  @TempDir Path temp;

  @Test
  void trainsACrossEncoderAndReranksWithACache() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Path config = temp.resolve("ce.yaml");
    Files.writeString(config, """
        kind: cross_encoder
        dataset: %s
        model: all-MiniLM-L6-v2
        windowFrom: 0
        windowTo: 6
        hardNegatives: 2
        batchSize: 4
        epochs: 1
        queryLength: 16
        passageLength: 32
        devQueries: 0
        """.formatted(data));
    Path teacher = temp.resolve("ce");
    CliHarness trained = CliHarness.run("train", "--config", config.toString(), "--out", teacher.toString());
    assertEquals(0, trained.exitCode(), trained.err());
    assertTrue(Files.exists(teacher.resolve("model/head.safetensors")));

    Path bm25 = temp.resolve("bm25.trec");
    Path qrels = data.resolve("qrels/test.tsv");
    Files.copy(data.resolve("qrels/train.tsv"), qrels);
    assertEquals(0, CliHarness.run("evaluate", "--dataset", data.toString(), "--run", bm25.toString(), "--cache",
        temp.resolve("cache").toString()).exitCode());
    Path reranked = temp.resolve("reranked.trec");
    String[] args = {"rerank", "--run", bm25.toString(), "--run", reranked.toString(), "--dataset", data.toString(),
        "--split", "test", "--reranker", teacher.resolve("model").toString(), "--depth", "5", "--cache",
        temp.resolve("teachers").toString()};
    CliHarness first = CliHarness.run(args);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.err().contains("teacher scores:") && first.err().contains("0 from the cache"), first.err());
    first.mean("ndcg@10");
    assertTrue(Files.readAllLines(reranked).size() > 0);
    CliHarness refused = CliHarness.run(args);
    assertEquals(2, refused.exitCode(), "the reranked run exists");
    String[] again = java.util.Arrays.copyOf(args, args.length + 1);
    again[args.length] = "--overwrite";
    CliHarness second = CliHarness.run(again);
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.err().contains("teacher scores: 0 computed"), "all from the cache:\n" + second.err());
    assertEquals(first.mean("ndcg@10"), second.mean("ndcg@10"));

    // a pairwise reranker from the cross-encoder reorders each query's top 3 by sym-sum over its 6 ordered pairs
    Path duo = temp.resolve("duo");
    CliHarness duoTrained = CliHarness.run("train", "--config", config.toString(), "--kind", "pairwise", "--model",
        teacher.resolve("model").toString(), "--out", duo.toString());
    assertEquals(0, duoTrained.exitCode(), duoTrained.err());
    Path pairwise = temp.resolve("pairwise.trec");
    CliHarness both = CliHarness.run("rerank", "--run", bm25.toString(), "--out", pairwise.toString(), "--dataset",
        data.toString(), "--reranker", teacher.resolve("model").toString(), "--depth", "5", "--pairwise",
        duo.resolve("model").toString(), "--pairwise-depth", "3", "--cache", temp.resolve("teachers").toString());
    assertEquals(0, both.exitCode(), both.err());
    Run pointwiseRun = Run.read(reranked);
    Run pairwiseRun = Run.read(pairwise);
    Map<String, Float> judged = pairwiseCache(temp.resolve("teachers"));
    Map<String, String> queries = Queries.read(data.resolve("queries.jsonl")).asMap();
    assertEquals(6 * pointwiseRun.size(), judged.size(), "every ordered pair of each query's top 3, once");
    for (String q : pointwiseRun.queryIds()) {
      List<String> order = pointwiseRun.results(q).stream().map(ScoredDocument::docId).toList();
      List<String> top = order.subList(0, 3);
      double[] sums = new double[3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          if (i != j) {
            float p = judged.get(TeacherScoreCache.key(queries.get(q), top.get(i), top.get(j)));
            sums[i] += p;
            sums[j] += 1 - p;
          }
        }
      }
      List<String> bySum = new ArrayList<>(top);
      bySum.sort((a, b) -> Double.compare(sums[top.indexOf(b)], sums[top.indexOf(a)]));
      List<String> got = pairwiseRun.results(q).stream().map(ScoredDocument::docId).toList();
      assertEquals(bySum, got.subList(0, 3), "query " + q + ": the top 3 by sym-sum");
      assertEquals(order.subList(3, order.size()), got.subList(3, got.size()), "the rest keep the pointwise order");
    }

    CliHarness oneRun = CliHarness.run("rerank", "--run", bm25.toString(), "--dataset", data.toString(), "--reranker",
        teacher.resolve("model").toString());
    assertEquals(2, oneRun.exitCode());
    assertTrue(oneRun.err().contains("give the run to rerank with --run and where to write it with --out"),
        oneRun.err());
  }

  /** The pairwise reranker's cached judgements by key (the lines of three parts: query digest, first, second). */
  private static Map<String, Float> pairwiseCache(Path teachers) throws IOException {
    Map<String, Float> judged = new HashMap<>();
    try (Stream<Path> files = Files.walk(teachers)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] keyScore = line.split("\t");
          String[] parts = keyScore[0].split("\u0001");
          if (parts.length == 3) {
            judged.put(keyScore[0], Float.parseFloat(keyScore[1]));
          }
        }
      }
    }
    return judged;
  }
}
