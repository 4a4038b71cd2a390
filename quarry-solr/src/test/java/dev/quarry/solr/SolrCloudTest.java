/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.ProgressFactory;
import dev.quarry.core.Progress;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.testing.SharedData;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SciFact slice published into a real SolrCloud (two Solr 9.10.1 nodes, a collection of 2 shards x 2 replicas) and
 * searched through SolrJ, against Quarry's own BM25 and dense indexes of the same slice; then one node fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SolrCloudTest {
  private static final String MODEL = "all-MiniLM-L6-v2";
  @TempDir static Path temp;
  static SolrCloudProcess cloud;
  static CloudSolrClient client;
  static BeirDataset slice;
  static Path bm25Index;
  static Path denseIndex;

  @BeforeAll
  static void setUp() throws Exception {
    slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 20, 200);
    bm25Index = temp.resolve("bm25");
    new Bm25IndexBuilder().build(slice.corpusFile(), bm25Index, false, Progress.NONE);
    denseIndex = temp.resolve("dense");
    try (OnnxEncoder encoder = encoder()) {
      new DenseIndexBuilder(DenseIndexSettings.FLAT, 2).build(slice.corpusFile(), encoder, denseIndex, false,
          Progress.NONE, Progress.NONE);
    }
    cloud = SolrCloudProcess.start(2, temp.resolve("cloud"));
    client = SolrCloudAddress.parse(cloud.zkAddress()).connect();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    if (cloud != null) {
      cloud.close();
    }
  }

  private static OnnxEncoder encoder() {
    return new OnnxEncoder(ModelRegistry.resolve(MODEL), OnnxEncoder.DEFAULT_BATCH, 2, 1, 0);
  }

  private static SolrPublisher publisher() {
    return new SolrPublisher(client, 2, 2, 64);
  }

  @Test
  @Order(1)
  void aPublishedDenseIndexAnswersAsQuarrysOwnIndexesDo() {
    SolrPublisher.Published published = publisher().publish("scifact", denseIndex, null, Bm25Settings.ANSERINI,
        ProgressFactory.NONE);
    assertEquals("scifact", published.alias());
    assertEquals(384, published.settings().dimension());
    List<String> queries = List.copyOf(slice.queries().asMap().values());
    try (SolrRetriever bm25 = new SolrRetriever(client, "scifact", SolrRetriever.Mode.BM25, null, 100, 60);
        Bm25Searcher local = new Bm25Searcher(bm25Index, Bm25Settings.ANSERINI)) {
      assertEquals(local.documentCount(), bm25.documentCount());
      Rankings.assertSame(local.searchBatch(queries, 10), bm25.searchBatch(queries, 10), 1e-5, "bm25");
    }
    try (SolrRetriever knn = new SolrRetriever(client, "scifact", SolrRetriever.Mode.KNN, encoder(), 100, 60);
        Retriever local = DenseRetriever.open(denseIndex, encoder(), DenseSearchSettings.DEFAULTS)) {
      Rankings.assertSame(local.searchBatch(queries, 10), knn.searchBatch(queries, 10), 1e-5, "knn");
    }
  }

  @Test
  @Order(2)
  void publishingAgainReplacesTheCollectionBehindItsName() throws Exception {
    String before = new CollectionAdminRequest.ListAliases().process(client).getAliases().get("scifact");
    SolrPublisher.Published again = publisher().publish("scifact", bm25Index, null, Bm25Settings.ANSERINI,
        ProgressFactory.NONE);
    Map<String, String> aliases = new CollectionAdminRequest.ListAliases().process(client).getAliases();
    assertEquals(again.collection(), aliases.get("scifact"));
    List<String> collections = CollectionAdminRequest.listCollections(client);
    assertFalse(collections.contains(before), "the old copy is deleted: " + collections);
    assertFalse(SolrRetriever.settings(client, "scifact").hasVectors());
    Exception knn = assertThrows(IllegalArgumentException.class,
        () -> new SolrRetriever(client, "scifact", SolrRetriever.Mode.KNN, encoder(), 100, 60));
    assertTrue(knn.getMessage().contains("holds no vectors"), knn.getMessage());
    // a name already taken by a collection publish did not make is refused
    Exception taken = assertThrows(IllegalArgumentException.class,
        () -> publisher().publish(again.collection(), bm25Index, null, Bm25Settings.ANSERINI, ProgressFactory.NONE));
    assertTrue(taken.getMessage().contains("did not make"), taken.getMessage());
    publisher().publish("scifact", denseIndex, null, Bm25Settings.ANSERINI, ProgressFactory.NONE);
  }

  @Test
  @Order(3)
  void aNodeFailsAndTheReplicasStillAnswerEveryDocument() throws Exception {
    List<String> queries = List.copyOf(slice.queries().asMap().values());
    List<List<ScoredDocument>> before;
    try (SolrRetriever hybrid = new SolrRetriever(client, "scifact", SolrRetriever.Mode.HYBRID, encoder(), 100, 60)) {
      before = hybrid.searchBatch(queries, 10);
      cloud.stopNode(0);
      assertEquals(slice.corpusTexts().size(), hybrid.documentCount());
      assertEquals(before, hybrid.searchBatch(queries, 10), "hybrid after a node failed");
    }
    // a client that knows the cluster by its surviving node's URL reads it over HTTP
    try (CloudSolrClient byUrl = SolrCloudAddress.parse(cloud.nodeUrls().get(1)).connect();
        SolrRetriever bm25 = new SolrRetriever(byUrl, "scifact", SolrRetriever.Mode.BM25, null, 100, 60)) {
      assertEquals(slice.corpusTexts().size(), bm25.documentCount());
    }
  }

  @Test
  void addressesAreParsedOrRefusedByName() {
    SolrCloudAddress zk = SolrCloudAddress.parse("zk1:2181,zk2:2181/solr");
    assertEquals(List.of("zk1:2181", "zk2:2181"), zk.zkHosts());
    assertEquals("/solr", zk.zkChroot().orElseThrow());
    assertEquals(List.of("http://h:8983/solr"), SolrCloudAddress.parse("http://h:8983/solr").nodeUrls());
    Exception bad = assertThrows(IllegalArgumentException.class, () -> SolrCloudAddress.parse("zk1"));
    assertTrue(bad.getMessage().contains("'zk1'"), bad.getMessage());
  }
}
