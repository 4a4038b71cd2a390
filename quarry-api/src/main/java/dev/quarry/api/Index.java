/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import dev.quarry.core.Progress;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.search.BatchSearch;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.search.Retrievers;
import java.nio.file.Path;
import java.util.List;

/**
 * An index opened for searching: a BM25 index, a dense index (flat, quantized or HNSW) or a ColBERT index (PLAID
 * search), the latter two with the model that encoded them, chosen by the kind its {@code quarry-index.json} records,
 * exactly as {@code quarry search} opens it. Holds open files, memory-mapped vectors and, for a dense or ColBERT
 * index, the model's native session: close it. Thread-safe: one index serves many threads.
 *
 * <pre>{@code
 * try (Index index = Index.open(Path.of("indexes/scifact-bm25"))) {
 *   List<ScoredDocument> top = index.search("open access articles are cited more", 10);
 *   Run run = index.search(Dataset.open("scifact").judgedQueries("test"), 1000);
 * }
 * }</pre>
 */
public final class Index implements AutoCloseable {
  private final Retriever retriever;
  private final IndexManifest manifest;
  private final int threads;

  private Index(Retriever retriever, IndexManifest manifest, int threads) {
    this.retriever = retriever;
    this.manifest = manifest;
    this.threads = threads;
  }

  /**
   * Opens an index with the default settings (BM25 k1 0.9 and b 0.4, Anserini's; HNSW efSearch 100).
   *
   * @param folder an index built by {@link IndexBuilder} or {@code quarry index}
   * @return the open index
   * @throws IllegalArgumentException when the folder holds no index this version can search
   */
  public static Index open(Path folder) {
    return opener(folder).open();
  }

  /**
   * An opener with search settings to change before {@link Opener#open()}.
   *
   * @param folder an index built by {@link IndexBuilder} or {@code quarry index}
   * @return the opener
   */
  public static Opener opener(Path folder) {
    return new Opener(folder);
  }

  /**
   * The top {@code k} documents for one query, best first.
   *
   * @param query the query's text
   * @param k how many documents
   * @return the documents, best first (ties by document id, descending, as trec_eval orders them)
   */
  public List<ScoredDocument> search(String query, int k) {
    Opener.positive("k", k);
    return retriever.search(query, k);
  }

  /**
   * Searches every query, on the opener's threads; a dense index encodes the queries in batches.
   *
   * @param queries the queries
   * @param k documents per query
   * @return the run: each query's top {@code k}
   */
  public Run search(Queries queries, int k) {
    Opener.positive("k", k);
    return BatchSearch.search(retriever, queries, k, threads, Progress.NONE);
  }

  /**
   * The kind of index.
   *
   * @return {@code bm25}, {@code dense} or {@code colbert}
   */
  public String kind() {
    return manifest.kind();
  }

  /**
   * The model a dense or ColBERT index was encoded with, and encodes queries with.
   *
   * @return the model's id (an embedded model's name or a folder), or null for a BM25 index
   */
  public String model() {
    return manifest.setting("model");
  }

  /**
   * The number of documents searched.
   *
   * @return the index's documents
   */
  public long documentCount() {
    return retriever.documentCount();
  }

  /**
   * Whether the index holds a document.
   *
   * @param docId the document's id
   * @return whether it is indexed
   */
  public boolean contains(String docId) {
    return retriever.containsDocument(docId);
  }

  /** Closes the index's files and, for a dense or ColBERT index, its model. */
  @Override
  public void close() {
    retriever.close();
  }

  @Override
  public String toString() {
    return "Index[" + manifest.kind() + ", " + manifest.documents() + " documents]";
  }

  /**
   * Search settings of an index, each validated when set. Only the settings of the index's kind are used.
   *
   * <pre>{@code
   * try (Index index = Index.opener(folder).k1(1.2f).b(0.75f).threads(4).open()) { ... }
   * }</pre>
   */
  public static final class Opener {
    private final Path folder;
    private Bm25Settings bm25 = Bm25Settings.ANSERINI;
    private DenseSearchSettings dense = DenseSearchSettings.DEFAULTS;
    private ColbertRetriever.Mode colbert = ColbertRetriever.Mode.PLAID;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Opener(Path folder) {
      this.folder = folder;
    }

    /**
     * BM25's term-frequency saturation.
     *
     * @param k1 at least 0 (default 0.9)
     * @return this opener
     * @throws IllegalArgumentException naming the value when it is out of range
     */
    public Opener k1(float k1) {
      bm25 = new Bm25Settings(k1, bm25.b());
      return this;
    }

    /**
     * BM25's length normalisation.
     *
     * @param b 0 to 1 (default 0.4)
     * @return this opener
     * @throws IllegalArgumentException naming the value when it is out of range
     */
    public Opener b(float b) {
      bm25 = new Bm25Settings(bm25.k1(), b);
      return this;
    }

    /**
     * HNSW candidates explored per query; at least k are.
     *
     * @param efSearch positive (default 100)
     * @return this opener
     */
    public Opener efSearch(int efSearch) {
      dense = new DenseSearchSettings(efSearch, dense.oversample());
      return this;
    }

    /**
     * Flat quantized indexes: candidates per hit re-scored exactly with the float vectors.
     *
     * @param oversample positive, or 0 for the quantization's default
     * @return this opener
     */
    public Opener oversample(int oversample) {
      dense = new DenseSearchSettings(dense.efSearch(), oversample);
      return this;
    }

    /**
     * ColBERT: how passages are scored.
     *
     * @param search {@code plaid} (default: PLAID's candidate generation, centroid pruning and exact MaxSim of the
     *     survivors, with ColBERTv2's settings for each k), {@code exhaustive} (MaxSim with every passage's decompressed
     *     token vectors) or {@code floats} (MaxSim with every passage's float vectors, the reference; the index must
     *     have been built with {@link IndexBuilder#keepFloats})
     * @return this opener
     * @throws IllegalArgumentException naming the value when it is none of those
     */
    public Opener colbertSearch(String search) {
      colbert = switch (search) {
        case "plaid" -> ColbertRetriever.Mode.PLAID;
        case "exhaustive" -> ColbertRetriever.Mode.EXHAUSTIVE;
        case "floats" -> ColbertRetriever.Mode.EXHAUSTIVE_FLOATS;
        case null, default -> throw new IllegalArgumentException("colbertSearch must be plaid, exhaustive or floats;"
            + " got " + search);
      };
      return this;
    }

    /**
     * Threads that search a batch of queries, and that a dense or ColBERT index's model encodes them on.
     *
     * @param threads positive (default: the number of cores)
     * @return this opener
     */
    public Opener threads(int threads) {
      this.threads = positive("threads", threads);
      return this;
    }

    /**
     * Opens the index.
     *
     * @return the open index; close it
     * @throws IllegalArgumentException when the folder holds no index this version can search, or a ColBERT index is
     *     to be searched over floats it did not keep
     */
    public Index open() {
      IndexManifest manifest = IndexManifest.read(folder);
      if (ColbertIndexBuilder.KIND.equals(manifest.kind())) {
        OnnxColbertEncoder encoder = new OnnxColbertEncoder(ModelRegistry.resolve(manifest.setting("model")),
            OnnxEncoder.DEFAULT_BATCH, threads, 1, 0);
        try {
          return new Index(ColbertRetriever.open(folder, encoder, colbert, PlaidSettings.DEFAULTS), manifest, threads);
        } catch (RuntimeException e) {
          encoder.close();
          throw e;
        }
      }
      Retriever retriever = Retrievers.open(folder, bm25, dense,
          model -> new OnnxEncoder(ModelRegistry.resolve(model), OnnxEncoder.DEFAULT_BATCH, threads, 0));
      return new Index(retriever, manifest, threads);
    }

    static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive; got " + value);
      }
      return value;
    }
  }
}
