/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.search;

import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Searcher;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseRetriever;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.OnnxEncoder;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Opens any index Quarry builds by the kind its {@code quarry-index.json} records, so that {@code quarry search} and
 * {@code quarry serve} open indexes in one way: a BM25 index gets a {@link Bm25Searcher}; a dense index (flat,
 * quantized or HNSW) a {@link DenseRetriever} over an encoder of the model the index was encoded with.
 */
public final class Retrievers {
  private Retrievers() {}

  /**
   * @param encoders gives the encoder for the model a dense index names ({@code model} in its manifest); the
   *     retriever then owns it and closes it when closed
   */
  public static Retriever open(Path index, Bm25Settings bm25, DenseSearchSettings dense,
      Function<String, OnnxEncoder> encoders) {
    IndexManifest manifest = IndexManifest.read(index);
    return switch (manifest.kind()) {
      case Bm25IndexBuilder.KIND -> new Bm25Searcher(index, bm25);
      case DenseIndexBuilder.KIND -> {
        OnnxEncoder encoder = encoders.apply(manifest.setting("model"));
        try {
          yield DenseRetriever.open(index, encoder, dense);
        } catch (RuntimeException e) {
          encoder.close();
          throw e;
        }
      }
      default -> throw new IllegalArgumentException(index + " is a '" + manifest.kind()
          + "' index, which this version cannot search");
    };
  }
}
