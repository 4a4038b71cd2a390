/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.colbert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.lucene.colbert.ColbertIndex;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.colbert.PlaidSearcher;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ColBERT index of a real SciFact slice (600 passages, an untrained ColBERT head on all-MiniLM-L6-v2), built and
 * searched end to end from ONNX Runtime's token vectors; the index refuses another model's query encoder.
 */
class ColbertIndexTest {
  @TempDir static Path temp;
  static Path model;
  static Path index;
  static List<String> queries;

  @BeforeAll
  static void build() throws IOException {
    BeirDataset scifact = SharedData.require("scifact");
    StringBuilder corpus = new StringBuilder();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    int n = 0;
    try (CorpusReader reader = scifact.openCorpus()) {
      for (Document d : reader) {
        if (n++ == 600) {
          break;
        }
        corpus.append(json.writeValueAsString(Map.of("_id", d.id(), "title", d.title(), "text", d.text())))
            .append('\n');
      }
    }
    Files.writeString(temp.resolve("corpus.jsonl"), corpus);
    queries = new ArrayList<>(scifact.queries().asMap().values()).subList(0, 100);
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    model = temp.resolve("colbert");
    try (ColbertModel m = new ColbertModel(new BertEncoder(base, BertWeights.load(base), 32, 128, 8), null, 32, 128,
        128, 7)) {
      m.export(model);
    }
    index = temp.resolve("index");
    try (OnnxColbertEncoder encoder = encoder()) {
      new ColbertIndexBuilder(ColbertIndexSettings.DEFAULTS.withKeepFloats(true), 2).build(temp.resolve("corpus.jsonl"),
          encoder, encoder.passageLength(), index, false, ProgressFactory.NONE);
    }
  }

  static OnnxColbertEncoder encoder() {
    return new OnnxColbertEncoder(ModelRegistry.resolve(model.toString()), 2, 2, 1, 0);
  }

  /**
   * The whole pipeline on real text: the index holds every passage's vectors as 36-byte codes whose decompressed
   * vectors point where the floats do, and PLAID and the exhaustive search answer from it. (With this untrained head
   * the token vectors cluster loosely: PLAID's top 10 equals the exhaustive one for about half the queries and the
   * 2-bit error is a few percent, docs/BENCHMARKS.md; PlaidSearcherTest holds both bounds on clustered vectors.)
   */
  @Test
  void theIndexKeepsEveryPassageCompressed() {
    try (ColbertRetriever plaid = ColbertRetriever.open(index, encoder(), ColbertRetriever.Mode.PLAID,
        PlaidSettings.DEFAULTS)) {
      ColbertIndex opened = plaid.index();
      assertEquals(600, opened.documents());
      assertEquals(36L, 4 + opened.codec().bytesPerVector(), "a 2-bit vector is a 4-byte centroid id and 32 bytes");
      double cosine = 0;
      int n = 0;
      int d = opened.dimension();
      for (int doc = 0; doc < opened.documents(); doc += 20) {
        float[] exact = opened.floats(doc);
        float[] decompressed = opened.decompress(doc);
        for (int i = 0; i < exact.length; i++) {
          cosine += exact[i] * decompressed[i];
        }
        n += exact.length / d;
      }
      assertTrue(cosine / n > 0.95, "mean cosine of decompressed and float token vectors: " + cosine / n);
      List<ScoredDocument> hits = plaid.search(queries.get(0), 10);
      assertEquals(10, hits.size());
      TokenVectors q = plaid.encoder().encodeQueries(List.of(queries.get(0)))[0];
      assertEquals(10, new PlaidSearcher(opened).exhaustive(q, 10, true).size());
    }
  }

  @Test
  void anotherModelsQueryEncoderIsRefused() throws IOException {
    Path other = temp.resolve("other");
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    try (ColbertModel m = new ColbertModel(new BertEncoder(base, BertWeights.load(base), 32, 128, 8), null, 32, 128,
        128, 8)) {
      m.export(other);
    }
    OnnxColbertEncoder wrong = new OnnxColbertEncoder(ModelRegistry.resolve(other.toString()), 2, 1, 1, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ColbertRetriever.open(index, wrong, ColbertRetriever.Mode.PLAID, PlaidSettings.DEFAULTS));
    wrong.close();
    assertTrue(e.getMessage().contains("its queries cannot be encoded with"), e.getMessage());
  }
}
