/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.ProgressFactory;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every cache entry is keyed on what determines it: a change in any of those builds afresh, none reuses. */
class IndexCacheTest {
  @TempDir Path temp;

  private Path corpus(String folder, String... texts) throws IOException {
    Path file = temp.resolve(folder).resolve("corpus.jsonl");
    Files.createDirectories(file.getParent());
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < texts.length; i++) {
      lines.append("{\"_id\": \"d").append(i).append("\", \"title\": \"\", \"text\": \"").append(texts[i])
          .append("\"}\n");
    }
    Files.writeString(file, lines);
    return file;
  }

  @Test
  void aBm25IndexIsReusedUntilItsCorpusChangesOrARebuildIsAsked() throws IOException {
    IndexCache cache = new IndexCache(temp.resolve("cache"));
    Path corpus = corpus("scifact", "vitamin d and bone health", "exercise and sleep");
    IndexCache.Entry first = cache.bm25(corpus, false, ProgressFactory.NONE);
    assertTrue(first.built());
    assertEquals(2, first.manifest().documents());
    IndexCache.Entry again = cache.bm25(corpus, false, ProgressFactory.NONE);
    assertFalse(again.built(), "the same corpus reuses the index");
    assertEquals(first.path(), again.path());
    assertTrue(cache.bm25(corpus, true, ProgressFactory.NONE).built(), "a rebuild is a rebuild");

    // a copy of the dataset under the same folder name with other texts: its own index, never the stale one
    Path copy = corpus("elsewhere/scifact", "cooking pasta", "cooking pasta", "cooking pasta");
    IndexCache.Entry other = cache.bm25(copy, false, ProgressFactory.NONE);
    assertTrue(other.built());
    assertNotEquals(first.path(), other.path());
    assertEquals(3, other.manifest().documents());
    // the corpus edited in place
    corpus("scifact", "vitamin d and bone health");
    IndexCache.Entry edited = cache.bm25(corpus, false, ProgressFactory.NONE);
    assertTrue(edited.built());
    assertEquals(1, edited.manifest().documents());
    assertNotEquals(first.path(), edited.path());
    assertNotEquals(cache.teachers(copy), cache.teachers(corpus), "teacher scores follow the corpus content too");
  }

  @Test
  void anEncodedCorpusIsKeyedOnTheModelAndItsRecipeAndAStructureOnItsSettings() throws IOException {
    IndexCache cache = new IndexCache(temp.resolve("cache"));
    Path corpus = corpus("tiny", "vitamin d and bone health", "exercise and sleep", "cooking pasta");
    try (OnnxEncoder bge = new OnnxEncoder(ModelRegistry.resolve("bge-small-en-v1.5"), 2, 1, 0);
        OnnxEncoder shorter = new OnnxEncoder(ModelRegistry.resolve("bge-small-en-v1.5"), 2, 1, 64);
        OnnxEncoder minilm = new OnnxEncoder(ModelRegistry.resolve("all-MiniLM-L6-v2"), 2, 1, 0)) {
      IndexCache.Entry flat = cache.dense(corpus, bge, DenseIndexSettings.FLAT, 1, false, ProgressFactory.NONE);
      assertTrue(flat.built());
      assertFalse(cache.dense(corpus, bge, DenseIndexSettings.FLAT, 1, false, ProgressFactory.NONE).built());
      IndexCache.Entry other = cache.dense(corpus, minilm, DenseIndexSettings.FLAT, 1, false, ProgressFactory.NONE);
      assertTrue(other.built(), "another model encodes afresh");
      IndexCache.Entry cut = cache.dense(corpus, shorter, DenseIndexSettings.FLAT, 1, false, ProgressFactory.NONE);
      assertTrue(cut.built(), "another maximum length encodes afresh");
      assertEquals(3, new java.util.HashSet<>(java.util.List.of(flat.path(), other.path(), cut.path())).size());
      DenseIndexSettings hnsw = new DenseIndexSettings(DenseIndexSettings.Structure.HNSW,
          DenseIndexSettings.Quantization.NONE, true, 16, 100);
      IndexCache.Entry graph = cache.dense(corpus, bge, hnsw, 1, false, ProgressFactory.NONE);
      assertTrue(graph.built(), "a structure is built from the cached vectors");
      assertNotEquals(flat.path(), graph.path());
      assertFalse(cache.dense(corpus, bge, hnsw, 1, false, ProgressFactory.NONE).built());
    }
  }
}
