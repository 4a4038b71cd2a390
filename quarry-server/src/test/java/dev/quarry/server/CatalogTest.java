/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.Progress;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.testing.ColbertModels;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any index kind Quarry builds is served by its manifest; what cannot be served is refused with a reason. */
class CatalogTest {
  static Catalog.Spec spec(List<Map.Entry<String, Path>> indexes) {
    return new Catalog.Spec(indexes, null, "test", List.of(), List.of(), Bm25Settings.ANSERINI,
        new DenseSearchSettings(100, 0), 2);
  }

  static Map.Entry<String, Path> index(String name, Path dir) {
    return new AbstractMap.SimpleEntry<>(name, dir);
  }

  @Test
  void quantizedAndHnswIndexesServeTheFlatIndexsTopHits() {
    TestServer t = TestServer.get();
    Path flat = t.folder.resolve("dense");
    Path int8 = t.folder.resolve("dense-int8");
    Path hnsw = t.folder.resolve("dense-hnsw");
    new DenseIndexBuilder(new DenseIndexSettings(DenseIndexSettings.Structure.FLAT,
        DenseIndexSettings.Quantization.INT8, true, 16, 100), 2).buildFrom(flat, int8, true, Progress.NONE);
    new DenseIndexBuilder(new DenseIndexSettings(DenseIndexSettings.Structure.HNSW,
        DenseIndexSettings.Quantization.NONE, true, 16, 100), 2).buildFrom(flat, hnsw, true, Progress.NONE);
    try (Catalog catalog = Catalog.open(spec(List.of(index("flat", flat), index("int8", int8),
        index("hnsw", hnsw))))) {
      List<String> query = List.of(SearchApiTest.QUERY);
      List<String> exact = catalog.collections().get("flat").search("dense", query, 10).get(0).stream()
          .map(ScoredDocument::docId).toList();
      for (String name : List.of("int8", "hnsw")) {
        assertEquals(List.of("dense"), catalog.collections().get(name).retrievers());
        List<String> served = catalog.collections().get(name).search("dense", query, 10).get(0).stream()
            .map(ScoredDocument::docId).toList();
        assertEquals(exact.subList(0, 5), served.subList(0, 5), name + " re-scores its candidates exactly");
      }
      assertEquals(1, catalog.models().size(), "one model, one encoder, whatever the number of indexes");
      assertTrue(catalog.collections().get("flat").documents().size() > 0, "texts from the manifest's corpus");
    }
  }

  /**
   * A ColBERT index served beside a BM25 one under one name: its hits are those PLAID gives when the index is opened
   * directly; no hybrid (that fuses BM25 and dense); alone, it is the default retriever.
   */
  @Test
  void aColbertIndexIsServedByPlaidBesideBm25(@TempDir Path temp) {
    BeirDataset slice = SharedData.slice(SharedData.require("scifact"), "test", temp.resolve("scifact"), 4, 40);
    Path model = ColbertModels.untrained(temp.resolve("colbert-model"), 7);
    Path bm25 = temp.resolve("bm25");
    Path colbert = temp.resolve("colbert");
    new Bm25IndexBuilder().build(slice.corpusFile(), bm25, false, Progress.NONE);
    try (OnnxColbertEncoder encoder = new OnnxColbertEncoder(ModelRegistry.resolve(model.toString()), 8, 2, 1, 0)) {
      new ColbertIndexBuilder(ColbertIndexSettings.DEFAULTS, 2).build(slice.corpusFile(), encoder,
          encoder.passageLength(), colbert, false, ProgressFactory.NONE);
    }
    List<String> queries = List.copyOf(slice.queries().asMap().values());
    List<List<ScoredDocument>> expected;
    try (ColbertRetriever direct = ColbertRetriever.open(colbert, new OnnxColbertEncoder(
        ModelRegistry.resolve(model.toString()), 8, 1, 1, 0), ColbertRetriever.Mode.PLAID, PlaidSettings.DEFAULTS)) {
      expected = direct.searchBatch(queries, 10);
    }
    try (Catalog catalog = Catalog.open(spec(List.of(index("sci", bm25), index("sci", colbert))))) {
      ServedCollection served = catalog.collections().get("sci");
      assertEquals(List.of("bm25", "colbert"), served.retrievers());
      assertEquals("bm25", served.defaultRetriever());
      assertEquals(expected, served.search("colbert", queries, 10));
      IllegalArgumentException hybrid = assertThrows(IllegalArgumentException.class,
          () -> served.search("hybrid", queries, 10));
      assertEquals("collection 'sci' has no hybrid retriever; it has [bm25, colbert]", hybrid.getMessage());
    }
    try (Catalog catalog = Catalog.open(spec(List.of(index("late", colbert))))) {
      assertEquals("colbert", catalog.collections().get("late").defaultRetriever());
    }
  }

  @Test
  void whatCannotBeServedIsRefusedWithTheReason() {
    TestServer t = TestServer.get();
    Path dense = t.folder.resolve("dense");
    IllegalArgumentException twoDense = assertThrows(IllegalArgumentException.class,
        () -> Catalog.open(spec(List.of(index("x", dense), index("x", dense)))));
    assertEquals("collection 'x' has two dense indexes; give each its own name", twoDense.getMessage());
    IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
        () -> spec(List.of(index("../x", dense))));
    assertTrue(badName.getMessage().startsWith("index name '../x' must be"), badName.getMessage());
    assertThrows(RuntimeException.class, () -> Catalog.open(spec(List.of(index("x", t.folder.resolve("none"))))));
    assertThrows(IllegalArgumentException.class, () -> spec(List.of()));
  }
}
