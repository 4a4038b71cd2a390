/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import dev.quarry.core.Progress;
import dev.quarry.core.ProgressFactory;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds an index of a corpus, as {@code quarry index} does: BM25 (Lucene, English analyzer), dense (every passage
 * encoded by a model; flat or HNSW, optionally quantized), or ColBERT (every passage's token vectors, compressed to a
 * centroid and 1- or 2-bit residuals, searched by PLAID). A dense or ColBERT index remembers its model. The index is
 * written beside its folder and moved into place only when complete; an existing index is refused unless
 * {@link #overwrite} is set.
 *
 * <pre>{@code
 * Path bm25 = IndexBuilder.bm25().build(corpus, Path.of("indexes/bm25"));
 * Path dense = IndexBuilder.dense("all-MiniLM-L6-v2-int8").hnsw(true).quantization("int8")
 *     .build(corpus, Path.of("indexes/minilm"));
 * Path colbert = IndexBuilder.colbert("runs/scifact-colbert/model").nbits(2)
 *     .build(corpus, Path.of("indexes/colbert"));
 * }</pre>
 */
public final class IndexBuilder {
  private final ModelSource model;
  private DenseIndexSettings settings = DenseIndexSettings.FLAT;
  private ColbertIndexSettings colbert = ColbertIndexSettings.DEFAULTS;
  private boolean overwrite;
  private int threads = Runtime.getRuntime().availableProcessors();

  private IndexBuilder(ModelSource model) {
    this.model = model;
  }

  /**
   * A BM25 index builder.
   *
   * @return the builder
   */
  public static IndexBuilder bm25() {
    return new IndexBuilder(null);
  }

  /**
   * A dense index builder.
   *
   * @param model an embedded model's name (see {@link Model#embedded()}) or a model folder with {@code model.onnx},
   *     {@code tokenizer.json} and {@code quarry.json}, such as one Quarry trained
   * @return the builder
   * @throws IllegalArgumentException naming the model when it is neither an embedded model nor a model folder
   */
  public static IndexBuilder dense(String model) {
    return new IndexBuilder(resolve(model, ModelKind.DENSE, "IndexBuilder.colbert takes a ColBERT model"));
  }

  /**
   * A ColBERT (late-interaction) index builder.
   *
   * @param model a ColBERT model folder, such as {@code quarry train --kind colbert} writes (no ColBERT model is
   *     embedded)
   * @return the builder
   * @throws IllegalArgumentException naming the model and its kind when it is not a ColBERT model
   */
  public static IndexBuilder colbert(String model) {
    return new IndexBuilder(resolve(model, ModelKind.COLBERT, "IndexBuilder.dense takes a dense model"));
  }

  private static ModelSource resolve(String model, ModelKind kind, String hint) {
    ModelSource source = ModelRegistry.resolve(Objects.requireNonNull(model, "model"));
    source.requireKind(kind, hint);
    return source;
  }

  /**
   * Dense: an HNSW graph (Lucene) instead of a flat, exhaustive index.
   *
   * @param hnsw whether to build a graph (default false)
   * @return this builder
   */
  public IndexBuilder hnsw(boolean hnsw) {
    settings = new DenseIndexSettings(hnsw ? DenseIndexSettings.Structure.HNSW : DenseIndexSettings.Structure.FLAT,
        settings.quantization(), settings.perDimension(), settings.m(), settings.efConstruction());
    return this;
  }

  /**
   * Dense: quantize the searched vectors; the top candidates are re-scored with the float vectors.
   *
   * @param quantization {@code none} (default), {@code int8} or {@code binary}
   * @return this builder
   * @throws IllegalArgumentException naming the value when it is none of those
   */
  public IndexBuilder quantization(String quantization) {
    settings = new DenseIndexSettings(settings.structure(), DenseIndexSettings.Quantization.parse(quantization),
        settings.perDimension(), settings.m(), settings.efConstruction());
    return this;
  }

  /**
   * ColBERT: bits per dimension of each token vector's residual from its centroid.
   *
   * @param nbits 1 or 2 (default 2: ColBERTv2's, 36 bytes a 128-dimensional vector)
   * @return this builder
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public IndexBuilder nbits(int nbits) {
    colbert = colbert.withNbits(nbits);
    return this;
  }

  /**
   * ColBERT: also keep the float token vectors, for exhaustive MaxSim over them
   * ({@link Index.Opener#colbertSearch}) and for measuring what compression costs; about 14 times the compressed size.
   *
   * @param keepFloats whether to keep them (default false)
   * @return this builder
   */
  public IndexBuilder keepFloats(boolean keepFloats) {
    colbert = colbert.withKeepFloats(keepFloats);
    return this;
  }

  /**
   * Replace an index already in the folder (only a folder Quarry built is replaced).
   *
   * @param overwrite whether to replace (default false: an existing index is refused)
   * @return this builder
   */
  public IndexBuilder overwrite(boolean overwrite) {
    this.overwrite = overwrite;
    return this;
  }

  /**
   * Dense and ColBERT: threads that encode passages and build the graph or the centroids.
   *
   * @param threads positive (default: the number of cores)
   * @return this builder
   * @throws IllegalArgumentException naming the value when it is not positive
   */
  public IndexBuilder threads(int threads) {
    this.threads = Index.Opener.positive("threads", threads);
    return this;
  }

  /**
   * Builds the index.
   *
   * @param corpus a {@code corpus.jsonl} file, a BEIR folder, or a TSV file of {@code id<TAB>text}
   * @param folder where the index goes
   * @return {@code folder}, for {@link Index#open}
   * @throws IllegalArgumentException when the folder holds something and overwrite is not set
   */
  public Path build(Path corpus, Path folder) {
    Path file = dev.quarry.core.data.DatasetLocator.corpus(corpus.toString());
    if (model == null) {
      new Bm25IndexBuilder().build(file, folder, overwrite, Progress.NONE);
    } else if (model.kind() == ModelKind.COLBERT) {
      try (OnnxColbertEncoder encoder = new OnnxColbertEncoder(model, OnnxEncoder.DEFAULT_BATCH, threads, 1, 0)) {
        new ColbertIndexBuilder(colbert, threads).build(file, encoder, encoder.passageLength(), folder, overwrite,
            ProgressFactory.NONE);
      }
    } else {
      try (OnnxEncoder encoder = new OnnxEncoder(model, OnnxEncoder.DEFAULT_BATCH, threads, 0)) {
        new DenseIndexBuilder(settings, threads).build(file, encoder, folder, overwrite, Progress.NONE, Progress.NONE);
      }
    }
    return folder;
  }

  @Override
  public String toString() {
    if (model == null) {
      return "IndexBuilder[bm25]";
    }
    return model.kind() == ModelKind.COLBERT ? "IndexBuilder[colbert, " + model.id() + ", " + colbert + "]"
        : "IndexBuilder[dense, " + model.id() + ", " + settings + "]";
  }
}
