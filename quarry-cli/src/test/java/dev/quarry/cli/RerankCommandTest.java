package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    CliHarness second = CliHarness.run(args);
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.err().contains("teacher scores: 0 computed"), "all from the cache:\n" + second.err());
    assertEquals(first.mean("ndcg@10"), second.mean("ndcg@10"));

    CliHarness oneRun = CliHarness.run("rerank", "--run", bm25.toString(), "--dataset", data.toString(), "--reranker",
        teacher.resolve("model").toString());
    assertEquals(1, oneRun.exitCode());
    assertTrue(oneRun.err().contains("give --run twice"), oneRun.err());
  }
}
