/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.Queries;
import dev.quarry.llm.HydeEncoder;
import dev.quarry.llm.PromptTemplate;
import dev.quarry.llm.testing.ChatServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost figures of docs/LLM.md, for SciFact's test claims: LameR and a PRP teacher reranking BM25's top 10 run
 * through the real commands against the fixture server, whose {@code usage} counts tokens with OpenAI's cl100k_base
 * tokenizer, read back from LameR's trace and PRP's usage line; HyDE's prompts (which need no index) rendered and
 * counted with the same tokenizer. Completion tokens are the fixture's made-up answers and say nothing: only requests
 * and prompt tokens are printed. Run: {@code java -cp <quarry-cli test classpath> dev.quarry.cli.LlmCostReport
 * DATASET WORK}.
 */
public final class LlmCostReport {
  private LlmCostReport() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    Path work = Path.of(args[1]);
    String cache = work.resolve("cache").toString();
    try (ChatServer server = new ChatServer(r -> r.prompt().startsWith("Given a query") ? ChatServer.prefersLonger(r)
        : ChatServer.madeUp(r))) {
      Path trace = work.resolve("lamer.jsonl");
      CliHarness r = CliHarness.run("evaluate", "--dataset", data.toString(), "--retriever", "bm25", "--augment",
          "lamer", "--llm-url", server.url(), "--llm-model", "fixture", "--cache", cache, "--trace", trace.toString());
      if (r.exitCode() != 0) {
        throw new IllegalStateException(r.err());
      }
      report("lamer", trace);
      BeirDataset scifact = new BeirDataset(data);
      Queries claims = scifact.queries().filter(scifact.qrels("test")::contains);
      PromptTemplate hyde = PromptTemplate.load("hyde-scifact", HydeEncoder.SLOTS);
      Encoding cl100k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
      long tokens = claims.asMap().values().stream()
          .mapToLong(q -> cl100k.countTokens(hyde.render(Map.of("query", q)))).sum();
      System.out.printf(Locale.ROOT, "hyde: %d queries, 1 request a query, %.0f prompt tokens a query%n",
          claims.size(), (double) tokens / claims.size());
      Path bm25 = work.resolve("bm25.trec");
      CliHarness.run("evaluate", "--dataset", data.toString(), "--run", bm25.toString(), "--cache", cache);
      CliHarness prp = CliHarness.run("rerank", "--run", bm25.toString(), "--out", work.resolve("prp.trec").toString(),
          "--dataset", data.toString(), "--reranker", "bm25", "--depth", "10", "--pairwise", "llm:fixture",
          "--pairwise-depth", "10", "--llm-url", server.url(), "--cache", cache);
      String usage = prp.err().lines().filter(l -> l.startsWith("llm: ")).findFirst().orElseThrow();
      System.out.println("prp (rerank top 10, 300 queries): " + usage);
    }
  }

  private static void report(String method, Path trace) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(trace);
    long requests = 0;
    long prompt = 0;
    long max = 0;
    for (String line : lines) {
      JsonNode node = json.readTree(line);
      requests += node.get("requests").asLong();
      prompt += node.get("prompt_tokens").asLong();
      max = Math.max(max, node.get("prompt_tokens").asLong());
    }
    System.out.printf(Locale.ROOT, "%s: %d queries, %.2f requests a query, %.0f prompt tokens a query (max %d)%n",
        method, lines.size(), (double) requests / lines.size(), (double) prompt / lines.size(), max);
  }
}
