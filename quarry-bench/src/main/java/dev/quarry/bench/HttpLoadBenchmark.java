/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.core.eval.Metric;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Load on a search server over HTTP, on loopback: a dataset's judged queries, cycled, sent by N concurrent clients
 * (each waits for its answer before sending again: a closed loop) for a fixed time after a warm-up; a request is an
 * error unless it answers 200 with hits in it. Before the load, every query is searched once and its top 10 is
 * evaluated, so that the figures compare servers that rank alike. Prints one line: throughput, p50, p99 and errors.
 *
 * <p>Usage: {@code HttpLoadBenchmark LABEL URL_TEMPLATE quarry|solr DATASET SPLIT CLIENTS SECONDS WARMUP_SECONDS},
 * the template with {@code {q}} where the URL-encoded query goes; {@code solr} escapes Lucene's query syntax first
 * (every query a bag of words, as Quarry's) and reads Solr's {@code response.docs[].id}, {@code quarry} reads
 * {@code hits[].id}.
 */
public final class HttpLoadBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LUCENE_SYNTAX = Pattern.compile("([+\\-!():^\\[\\]\"{}~*?|&/\\\\])");

  private HttpLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println("usage: HttpLoadBenchmark LABEL URL_TEMPLATE quarry|solr DATASET SPLIT CLIENTS SECONDS"
          + " WARMUP_SECONDS");
      System.exit(2);
    }
    String label = args[0];
    String template = args[1];
    boolean solr = "solr".equals(args[2]);
    BeirDataset data = DatasetLocator.locate(args[3]);
    Qrels qrels = data.qrels(args[4]);
    int clients = Integer.parseInt(args[5]);
    int seconds = Integer.parseInt(args[6]);
    int warmup = Integer.parseInt(args[7]);
    Queries judged = data.queries().filter(qrels::contains);
    List<String> ids = new ArrayList<>(judged.ids());
    List<URI> uris = ids.stream().map(id -> URI.create(template.replace("{q}", URLEncoder.encode(
        solr ? LUCENE_SYNTAX.matcher(judged.text(id)).replaceAll("\\\\$1") : judged.text(id),
        StandardCharsets.UTF_8)))).toList();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    Run run = new Run();
    for (int i = 0; i < ids.size(); i++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uris.get(i)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(uris.get(i) + " answered " + r.statusCode() + ": " + r.body());
      }
      run.put(ids.get(i), ranked(JSON.readTree(r.body()), solr));
    }
    double ndcg = new Evaluator(qrels, List.of(Metric.parse("ndcg@10"))).evaluate(run).mean("ndcg@10");

    load(http, uris, clients, warmup, solr, null);
    long[][] latencies = new long[clients][];
    AtomicLong errors = new AtomicLong();
    long elapsed = load(http, uris, clients, seconds, solr, new Recording(latencies, errors));
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf(Locale.ROOT, "%s\tclients %d\t%d s\trequests %,d\terrors %d\tthroughput %.1f q/s\tp50 %.2f ms"
            + "\tp99 %.2f ms\tmax %.1f ms\tnDCG@10 %.4f (%d queries)%n", label, clients, seconds, all.length,
        errors.get(), all.length / (elapsed / 1e9), percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6,
        all.length == 0 ? 0 : all[all.length - 1] / 1e6, ndcg, ids.size());
  }

  /** Where the measured phase puts each client's latencies (nanoseconds) and the error count. */
  private record Recording(long[][] latencies, AtomicLong errors) {}

  /** Runs the clients for {@code seconds}; returns the nanoseconds it took. */
  private static long load(HttpClient http, List<URI> uris, int clients, int seconds, boolean solr,
      Recording recording) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(Thread.ofPlatform().start(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < deadline) {
          URI uri = uris.get(Math.floorMod(next.getAndIncrement(), uris.size()));
          long sent = System.nanoTime();
          boolean ok;
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
            ok = r.statusCode() == 200 && !ranked(JSON.readTree(r.body()), solr).isEmpty();
          } catch (IOException e) {
            ok = false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          long took = System.nanoTime() - sent;
          if (recording != null) {
            if (!ok) {
              recording.errors().incrementAndGet();
            }
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = took;
          }
        }
        if (recording != null) {
          recording.latencies()[client] = Arrays.copyOf(mine, n);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return System.nanoTime() - start;
  }

  private static List<ScoredDocument> ranked(JsonNode body, boolean solr) {
    List<ScoredDocument> docs = new ArrayList<>();
    for (JsonNode hit : solr ? body.at("/response/docs") : body.get("hits")) {
      docs.add(new ScoredDocument(hit.get("id").asText(), hit.get("score").asDouble()));
    }
    return docs;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
