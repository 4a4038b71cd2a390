/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.testing.SharedData;
import dev.quarry.llm.ApiKey;
import dev.quarry.llm.testing.ChatServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM options of the commands against a local OpenAI-compatible fixture server: LameR over SciFact's test split
 * end to end (a second run costs nothing), HyDE and a PRP teacher on a small dataset, and the errors a user sees.
 */
class LlmCommandLineTest {
  private static final String SECRET = "sk-live-Quarry-Key-91bd";

  @TempDir Path temp;

  @AfterEach
  void environment() {
    LlmOptions.environment = System::getenv;
  }

  @Test
  void lamerOnSciFactRepeatsFromTheCacheAndNeverShowsTheKey() throws IOException {
    Path scifact = SharedData.require("scifact").folder();
    LlmOptions.environment = name -> name.equals(ApiKey.VARIABLE) ? SECRET : null;
    Path trace = temp.resolve("lamer.jsonl");
    List<String> shown = new ArrayList<>();
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try (ChatServer server = new ChatServer(ChatServer::madeUp)) {
      String[] args = {"evaluate", "--dataset", scifact.toString(), "--retriever", "bm25", "--augment", "lamer",
          "--llm-url", server.url(), "--llm-model", "qwen2.5-7b-instruct", "--llm-cache",
          temp.resolve("llm").toString(), "--trace", trace.toString(), "--cache", temp.resolve("cache").toString(),
          "--threads", "2", "--run", temp.resolve("lamer.trec").toString(), "--overwrite"};
      server.failNext(503, "loading");
      CliHarness first = CliHarness.run(args);
      assertEquals(0, first.exitCode(), first.err());
      assertEquals(301, server.requests().size(), "one request per judged query, and the retried 503");
      assertTrue(server.requests().stream().allMatch(r -> r.n() == 5 && r.model().equals("qwen2.5-7b-instruct")
          && ("Bearer " + SECRET).equals(r.authorization())));
      assertTrue(first.err().contains("lamer: qwen2.5-7b-instruct writes 5 answers from BM25's top 10"), first.err());
      assertTrue(first.err().contains("key from QUARRY_LLM_KEY"), first.err());
      assertTrue(first.err().contains("llm: 300 requests (1 retries)") && first.err().contains("1,500 completions"
          + " generated, 0 from the cache"), first.err());
      List<String> lines = Files.readAllLines(trace);
      assertEquals(300, lines.size());
      JsonNode line = new ObjectMapper().readTree(lines.get(0));
      assertEquals(5, line.get("answers").size());
      assertTrue(line.get("expanded").asText().startsWith(line.get("query").asText() + " Answer 0: Give a question"));
      assertTrue(line.get("prompt_tokens").asInt() > 1000, "ten abstracts: " + line.get("prompt_tokens"));

      CliHarness second = CliHarness.run(args);
      assertEquals(0, second.exitCode(), second.err());
      assertEquals(301, server.requests().size(), "the second run asked nothing");
      assertTrue(second.err().contains("llm: 0 requests (0 retries), 0 prompt + 0 completion tokens, 0 completions"
          + " generated, 1,500 from the cache"), second.err());
      assertEquals(first.mean("ndcg@10"), second.mean("ndcg@10"));
      assertEquals(first.out(), second.out(), "the same run, the same metrics");
      shown.addAll(List.of(first.out(), first.err(), second.out(), second.err()));
    } finally {
      System.setErr(err);
    }
    shown.add(logged.toString(StandardCharsets.UTF_8));
    assertTrue(shown.get(shown.size() - 1).contains("HTTP 503"), "the retry was logged");
    try (Stream<Path> files = Files.walk(temp)) {
      for (Path f : files.filter(p -> Files.isRegularFile(p) && !p.toString().contains("cache")).toList()) {
        shown.add(Files.readString(f));
      }
    }
    for (String s : shown) {
      assertFalse(s.contains(SECRET), "the key leaked into: " + s.substring(0, Math.min(300, s.length())));
    }
  }

  @Test
  void hydeAndAPrpTeacherOnASmallDataset() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Files.copy(data.resolve("qrels/train.tsv"), data.resolve("qrels/test.tsv"));
    try (ChatServer server = new ChatServer(r -> r.prompt().startsWith("Given a query") ? ChatServer.prefersLonger(r)
        : ChatServer.madeUp(r))) {
      String cache = temp.resolve("cache").toString();
      Path bm25 = temp.resolve("bm25.trec");
      CliHarness hyde = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "dense", "--model",
          "all-MiniLM-L6-v2-int8", "--augment", "hyde", "--prompt", "hyde-scifact", "--answers", "2",
          "--llm-url", server.url(), "--llm-model", "llama3.1:8b", "--cache", cache, "--threads", "2",
          "--llm-cost-per-1k", "0.5,1.5");
      assertEquals(0, hyde.exitCode(), hyde.err());
      assertEquals(12, server.requests().size());
      assertTrue(server.requests().stream().allMatch(r -> r.n() == 2 && r.prompt().startsWith(
          "Please write a scientific paper passage to support/refute the claim.\nClaim: habits of the ")));
      assertTrue(hyde.err().contains("hyde: llama3.1:8b writes 2 documents (temperature 0.7, top_p 1.0, at most 512"
          + " tokens), prompt hyde-scifact (built in)"), hyde.err());
      assertTrue(hyde.err().matches("(?s).*llm: 12 requests \\(0 retries\\), (\\d+) prompt \\+ (\\d+) completion tokens.*"),
          hyde.err());
      long promptTokens = Long.parseLong(hyde.err().replaceAll("(?s).*llm: 12 requests \\(0 retries\\), (\\d+) prompt.*",
          "$1"));
      long completionTokens = Long.parseLong(hyde.err().replaceAll("(?s).* (\\d+) completion tokens.*", "$1"));
      assertTrue(hyde.err().contains(String.format(java.util.Locale.ROOT, ", cost %.4f",
          (promptTokens * 0.5 + completionTokens * 1.5) / 1000)), "the cost at 0.5 and 1.5 per 1k: " + hyde.err());
      hyde.mean("ndcg@10");

      assertEquals(0, CliHarness.run("evaluate", "--dataset", data.toString(), "--run", bm25.toString(), "--cache",
          cache).exitCode());
      String[] rerank = {"rerank", "--run", bm25.toString(), "--out", temp.resolve("prp.trec").toString(),
          "--dataset", data.toString(), "--split", "test", "--reranker", "bm25", "--depth", "4", "--pairwise",
          "llm:qwen2.5-7b-instruct", "--pairwise-depth", "3", "--llm-url", server.url(), "--cache", cache,
          "--overwrite"};
      CliHarness prp = CliHarness.run(rerank);
      assertEquals(0, prp.exitCode(), prp.err());
      assertEquals(12 + 12 * 6, server.requests().size(), "each query's 6 ordered pairs: 6 distinct prompts");
      assertTrue(prp.err().contains("PRP: 72 answers, 72 read from log-probabilities"), prp.err());
      assertTrue(prp.err().contains("llm:qwen2.5-7b-instruct (PrpReranker[qwen2.5-7b-instruct, prompt prp (built in)])"
          + ", judgements cached in "), prp.err());
      CliHarness again = CliHarness.run(rerank);
      assertEquals(0, again.exitCode(), again.err());
      assertEquals(84, server.requests().size(), "judged before: nothing asked");
      assertEquals(prp.out(), again.out());

      Path index = temp.resolve("bm25-index");
      assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString(), "--kind",
          "bm25").exitCode());
      CliHarness search = CliHarness.run("search", "--index", index.toString(), "--queries", data.toString(),
          "--run", temp.resolve("s.trec").toString(), "--augment", "lamer", "--candidates", "3", "--answers", "2",
          "--llm-url", server.url(), "--llm-model", "m", "--llm-cache", temp.resolve("llm").toString());
      assertEquals(0, search.exitCode(), search.err());
      assertEquals(84 + 12, server.requests().size());
      assertTrue(server.requests().get(95).prompt().contains("\n3. ") && !server.requests().get(95).prompt()
          .contains("\n4. "), "three candidates, from the corpus the index was built from");
      CliHarness wrong = CliHarness.run("search", "--index", index.toString(), "--queries", data.toString(), "--run",
          temp.resolve("w.trec").toString(), "--augment", "hyde", "--llm-url", server.url(), "--llm-model", "m");
      assertEquals(1, wrong.exitCode());
      assertTrue(wrong.err().contains("--augment hyde cannot search " + index + ", a bm25 index; lamer can"),
          wrong.err());
    }
  }

  @Test
  void errorsNameWhatIsMissing() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Files.copy(data.resolve("qrels/train.tsv"), data.resolve("qrels/test.tsv"));
    CliHarness noUrl = CliHarness.run("evaluate", "--dataset", data.toString(), "--augment", "lamer", "--llm-model",
        "m", "--cache", temp.resolve("cache").toString());
    assertEquals(1, noUrl.exitCode());
    assertTrue(noUrl.err().contains("--augment lamer needs a language model's server: give --llm-url and"
        + " --llm-model"), noUrl.err());
    CliHarness noModel = CliHarness.run("evaluate", "--dataset", data.toString(), "--augment", "lamer", "--llm-url",
        "http://localhost:9/v1", "--cache", temp.resolve("cache").toString());
    assertTrue(noModel.err().contains("--augment lamer needs the model's name at its server (--llm-model)"),
        noModel.err());
    CliHarness wrongKind = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "dense",
        "--augment", "lamer", "--llm-url", "http://localhost:9/v1", "--llm-model", "m");
    assertTrue(wrongKind.err().contains("--augment lamer augments BM25's search; use --retriever bm25 or hybrid"),
        wrongKind.err());
    CliHarness teacher = CliHarness.run("rerank", "--run", "x.trec", "--out", "y.trec", "--dataset", data.toString(),
        "--reranker", "bm25", "--pairwise", "llm:m");
    assertEquals(1, teacher.exitCode());
  }
}
