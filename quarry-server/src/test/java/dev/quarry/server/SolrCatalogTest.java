/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.solr.Rankings;
import dev.quarry.solr.SolrCloudAddress;
import dev.quarry.solr.SolrCloudProcess;
import dev.quarry.solr.SolrPublisher;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry serve --retriever solr}: a SciFact slice published into a SolrCloud (2 shards x 2 replicas) and served
 * beside the same slice's local indexes; bm25 and dense rank as the local ones do (up to the order of ties), and hybrid
 * fuses their lists.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SolrCatalogTest {
  private static final String MODEL = "all-MiniLM-L6-v2";
  @TempDir Path temp;

  @Test
  void aSolrCloudCollectionIsServedAsTheLocalIndexesAre() throws Exception {
    BeirDataset slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 10, 100);
    Path bm25 = temp.resolve("bm25");
    Path dense = temp.resolve("dense");
    new Bm25IndexBuilder().build(slice.corpusFile(), bm25, false, Progress.NONE);
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(MODEL), OnnxEncoder.DEFAULT_BATCH, 2, 1, 0)) {
      new DenseIndexBuilder(DenseIndexSettings.FLAT, 2).build(slice.corpusFile(), encoder, dense, false,
          Progress.NONE, Progress.NONE);
    }
    try (SolrCloudProcess cloud = SolrCloudProcess.start(2, temp.resolve("cloud"))) {
      SolrCloudAddress address = SolrCloudAddress.parse(cloud.zkAddress());
      try (CloudSolrClient client = address.connect()) {
        new SolrPublisher(client, 2, 2, 50).publish("scifact", dense, null, Bm25Settings.ANSERINI,
            ProgressFactory.NONE);
      }
      List<Map.Entry<String, Path>> local = List.of(new AbstractMap.SimpleEntry<>("local", bm25),
          new AbstractMap.SimpleEntry<>("local", dense));
      Catalog.Spec spec = new Catalog.Spec(local, List.of(new Catalog.SolrSource(address, "scifact")), slice, "test",
          List.of(), List.of(), Bm25Settings.ANSERINI, DenseSearchSettings.DEFAULTS, 2);
      try (Catalog catalog = Catalog.open(spec)) {
        ServedCollection solr = catalog.collections().get("scifact");
        ServedCollection here = catalog.collections().get("local");
        assertEquals(List.of("bm25", "dense", "hybrid"), solr.retrievers());
        assertEquals(here.documentCount(), solr.documentCount());
        assertNull(solr.bm25Scorer(), "no local BM25 statistics to rerank with");
        List<String> queries = List.copyOf(slice.queries().asMap().values());
        for (String retriever : List.of("bm25", "dense")) {
          Rankings.assertSame(here.search(retriever, queries, 10), solr.search(retriever, queries, 10), 1e-5,
              retriever);
        }
        // hybrid: both lists of 100 fused; every hit comes from one of them
        List<List<ScoredDocument>> hybrid = solr.search("hybrid", queries, 10);
        List<List<ScoredDocument>> sparse = solr.search("bm25", queries, 100);
        List<List<ScoredDocument>> vectors = solr.search("dense", queries, 100);
        for (int q = 0; q < queries.size(); q++) {
          assertEquals(10, hybrid.get(q).size());
          for (ScoredDocument hit : hybrid.get(q)) {
            assertTrue(ids(sparse.get(q)).contains(hit.docId()) || ids(vectors.get(q)).contains(hit.docId()),
                hit.docId());
          }
        }
      }
    }
  }

  private static List<String> ids(List<ScoredDocument> hits) {
    return hits.stream().map(ScoredDocument::docId).toList();
  }
}
