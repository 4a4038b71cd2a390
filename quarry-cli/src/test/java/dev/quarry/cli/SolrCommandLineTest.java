/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import dev.quarry.solr.SolrCloudProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish} a SciFact slice's dense index into a SolrCloud of two nodes (2 shards x 2 replicas), then {@code
 * search} and {@code evaluate} with {@code --retriever solr}: the same rankings as the local BM25 index and the same
 * hybrid figures as the local {@code evaluate --retriever hybrid}; and what the commands refuse.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SolrCommandLineTest {
  private static final String MODEL = "all-MiniLM-L6-v2";
  @TempDir Path temp;

  @Test
  void aPublishedIndexSearchesAndEvaluatesAsTheLocalOnes() throws Exception {
    Path slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 10, 100).folder();
    String dense = temp.resolve("dense").toString();
    String bm25 = temp.resolve("bm25").toString();
    assertEquals(0, CliHarness.run("index", "--kind", "dense", "--corpus", slice.toString(), "--model", MODEL,
        "--index", dense).exitCode());
    assertEquals(0, CliHarness.run("index", "--corpus", slice.toString(), "--index", bm25).exitCode());
    try (SolrCloudProcess cloud = SolrCloudProcess.start(2, temp.resolve("cloud"))) {
      String zk = cloud.zkAddress();
      CliHarness published = CliHarness.run("publish", "--solr", zk, "--collection", "scifact", "--index", dense,
          "--shards", "2", "--replicas", "2");
      assertEquals(0, published.exitCode(), published.err());
      assertTrue(published.err().contains("published ") && published.err().contains("collection scifact is now"),
          published.err());

      Path solrRun = temp.resolve("solr-bm25.trec");
      CliHarness solrSearch = CliHarness.run("search", "--retriever", "solr", "--solr", cloud.nodeUrls().get(0),
          "--collection", "scifact", "--solr-query", "bm25", "--dataset", slice.toString(), "--k", "1000", "--out",
          solrRun.toString());
      assertEquals(0, solrSearch.exitCode(), solrSearch.err());
      Path localRun = temp.resolve("bm25.trec");
      // every matching document (the slice is small): no tie at a cut can choose differently
      assertEquals(0, CliHarness.run("search", "--index", bm25, "--dataset", slice.toString(), "--k", "1000", "--out",
          localRun.toString()).exitCode());
      Run solr = Run.read(solrRun);
      Run local = Run.read(localRun);
      assertEquals(local.queryIds(), solr.queryIds());
      for (String q : local.queryIds()) {
        assertEquals(local.results(q).stream().map(ScoredDocument::docId).toList(),
            solr.results(q).stream().map(ScoredDocument::docId).toList(), "query " + q);
      }

      String cache = temp.resolve("cache").toString();
      CliHarness solrHybrid = CliHarness.run("evaluate", "--retriever", "solr", "--solr", zk, "--collection",
          "scifact", "--dataset", slice.toString(), "--metrics", "ndcg@10,recall@100");
      assertEquals(0, solrHybrid.exitCode(), solrHybrid.err());
      assertTrue(solrHybrid.err().contains("solr (hybrid"), solrHybrid.err());
      CliHarness localHybrid = CliHarness.run("evaluate", "--retriever", "hybrid", "--model", MODEL, "--dataset",
          slice.toString(), "--metrics", "ndcg@10,recall@100", "--cache", cache);
      assertEquals(0, localHybrid.exitCode(), localHybrid.err());
      assertEquals(localHybrid.out(), solrHybrid.out());

      CliHarness noAddress = CliHarness.run("search", "--retriever", "solr", "--collection", "scifact",
          "--dataset", slice.toString(), "--out", temp.resolve("x.trec").toString());
      assertEquals(2, noAddress.exitCode(), noAddress.err());
      assertTrue(noAddress.err().contains("--solr ZKHOST|URL"), noAddress.err());
      CliHarness stray = CliHarness.run("search", "--index", bm25, "--solr", zk, "--dataset", slice.toString(),
          "--out", temp.resolve("y.trec").toString());
      assertEquals(2, stray.exitCode(), stray.err());
      assertTrue(stray.err().contains("go with --retriever solr"), stray.err());
      CliHarness badAddress = CliHarness.run("publish", "--solr", "zk1", "--collection", "c", "--index", dense);
      assertEquals(2, badAddress.exitCode(), badAddress.err());
      assertTrue(badAddress.err().contains("--solr") && badAddress.err().contains("'zk1'"), badAddress.err());
    }
  }
}
