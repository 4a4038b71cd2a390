/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.search.Fusion;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Reranker;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertRetriever;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseSearchSettings;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.onnx.TextTokenizer;
import dev.quarry.rerank.Rerankers;
import dev.quarry.search.Retrievers;
import dev.quarry.solr.SolrCloudAddress;
import dev.quarry.solr.SolrCollectionSettings;
import dev.quarry.solr.SolrRetriever;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a server serves, opened once before it listens: the collections (indexes by name), the texts of their
 * corpora, the judgments of a dataset, the models of {@code /v1/embeddings} and the rerankers. Requests name these
 * by the names given here and never by a path, so no request can make the server read another file. Encoders are
 * shared by model: a dense index and {@code /v1/embeddings} of the same model run one ONNX Runtime session.
 * Thread-safe once open; closing closes everything.
 */
public final class Catalog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

  /**
   * What to serve.
   *
   * @param indexes name and folder of each index; several folders under one name form one collection (one per kind)
   * @param dataset the BEIR dataset whose texts, queries and qrels the page shows (null: texts from each index's
   *     corpus, no judgments)
   * @param split the qrels split of the dataset
   * @param rerankers cross-encoder, pairwise or dense model folders or names for {@code /api/rerank}
   * @param models extra models for {@code /v1/embeddings} (dense indexes' models are served anyway)
   * @param onnxThreads batches an encoder runs at once
   */
  public record Spec(List<Map.Entry<String, Path>> indexes, List<SolrSource> solr, BeirDataset dataset, String split,
      List<String> rerankers, List<String> models, Bm25Settings bm25, DenseSearchSettings dense, int onnxThreads) {
    public Spec {
      if (indexes.isEmpty() && solr.isEmpty()) {
        throw new IllegalArgumentException("at least one index is needed (--index NAME=DIR, or a SolrCloud"
            + " collection)");
      }
      for (Map.Entry<String, Path> e : indexes) {
        if (!e.getKey().matches(NAME_PATTERN)) {
          throw new IllegalArgumentException("index name '" + e.getKey() + "' must be 1-64 letters, digits, '.', '_'"
              + " or '-'");
        }
      }
      for (SolrSource source : solr) {
        if (!source.collection().matches(NAME_PATTERN)) {
          throw new IllegalArgumentException("collection name '" + source.collection() + "' must be 1-64 letters,"
              + " digits, '.', '_' or '-'");
        }
        if (indexes.stream().anyMatch(e -> e.getKey().equals(source.collection()))) {
          throw new IllegalArgumentException("'" + source.collection() + "' names both an index and a SolrCloud"
              + " collection");
        }
      }
      solr = List.copyOf(solr);
      if (onnxThreads < 1) {
        throw new IllegalArgumentException("onnxThreads must be positive; got " + onnxThreads);
      }
      indexes = List.copyOf(indexes);
      rerankers = List.copyOf(rerankers);
      models = List.copyOf(models);
    }

    /** Local indexes only. */
    public Spec(List<Map.Entry<String, Path>> indexes, BeirDataset dataset, String split, List<String> rerankers,
      List<String> models, Bm25Settings bm25, DenseSearchSettings dense, int onnxThreads) {
      this(indexes, List.of(), dataset, split, rerankers, models, bm25, dense, onnxThreads);
    }
  }

  /** A collection {@code quarry publish} made in a SolrCloud, served under its own name. */
  public record SolrSource(SolrCloudAddress address, String collection) {}

  /** What names of indexes, runs and models look like: no slashes, nothing a path could be made of. */
  public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private final Map<String, ServedCollection> collections = new LinkedHashMap<>();
  private final Map<String, OnnxEncoder> encoders = new LinkedHashMap<>();
  private final Map<String, EmbeddingModel> models = new LinkedHashMap<>();
  private final Map<String, Reranker> rerankers = new LinkedHashMap<>();
  private final List<CloudSolrClient> solrClients = new ArrayList<>();
  private final Judgments judgments;
  private final int onnxThreads;

  private Catalog(Spec spec) {
    this.onnxThreads = spec.onnxThreads();
    this.judgments = spec.dataset() == null ? null : Judgments.of(spec.dataset(), spec.split());
  }

  /** Opens everything, or closes what was opened and rethrows. */
  public static Catalog open(Spec spec) {
    Catalog catalog = new Catalog(spec);
    try {
      catalog.load(spec);
      return catalog;
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
  }

  private void load(Spec spec) {
    Documents shared = spec.dataset() == null ? null : Documents.read(spec.dataset().corpusFile());
    Map<String, List<Path>> byName = new LinkedHashMap<>();
    spec.indexes().forEach(e -> byName.computeIfAbsent(e.getKey(), n -> new ArrayList<>()).add(e.getValue()));
    byName.forEach((name, folders) -> collections.put(name, openCollection(name, folders, shared, spec)));
    for (SolrSource source : spec.solr()) {
      collections.put(source.collection(), openSolr(source, shared, spec));
    }
    for (String model : spec.models()) {
      embeddingModel(ModelRegistry.resolve(model));
    }
    for (String r : spec.rerankers()) {
      String name = shortName(r);
      if (rerankers.containsKey(name) || ServedCollection.BM25.equals(name)) {
        throw new IllegalArgumentException("two rerankers are named '" + name + "'");
      }
      rerankers.put(name, Rerankers.kind(r) == ModelKind.PAIRWISE
          ? new PairwiseScorer(new OnnxPairwiseReranker(Path.of(r), 8, onnxThreads))
          : Rerankers.pointwise(r, onnxThreads));
    }
  }

  private ServedCollection openCollection(String name, List<Path> folders, Documents shared, Spec spec) {
    List<ServedCollection.Part> parts = new ArrayList<>();
    Reranker bm25 = null;
    Path corpus = null;
    try {
      for (Path folder : folders) {
        IndexManifest manifest = IndexManifest.read(folder);
        String kind = switch (manifest.kind()) {
          case Bm25IndexBuilder.KIND -> ServedCollection.BM25;
          case DenseIndexBuilder.KIND -> ServedCollection.DENSE;
          case ColbertIndexBuilder.KIND -> ServedCollection.COLBERT;
          default -> throw new IllegalArgumentException(folder + " is a '" + manifest.kind()
              + "' index, which this version cannot serve");
        };
        Retriever retriever = ServedCollection.COLBERT.equals(kind) ? colbert(folder, manifest)
            : Retrievers.open(folder, spec.bm25(), spec.dense(), this::encoder);
        parts.add(new ServedCollection.Part(kind, manifest, retriever));
        if (ServedCollection.BM25.equals(kind)) {
          bm25 = new Bm25Reranker(folder, spec.bm25());
        } else if (ServedCollection.DENSE.equals(kind)) {
          embeddingModel(ModelRegistry.resolve(manifest.setting("model")));
        }
        String recorded = manifest.settings().get("corpus");
        if (corpus == null && recorded != null && Files.isRegularFile(Path.of(recorded))) {
          corpus = Path.of(recorded);
        }
      }
      Documents documents = shared != null ? shared : corpus != null ? Documents.read(corpus) : Documents.none();
      if (documents.isEmpty()) {
        LOG.warn("collection '{}': no corpus to read titles and texts from (give --dataset); hits show ids only",
            name);
      }
      return new ServedCollection(name, parts, documents, bm25);
    } catch (RuntimeException e) {
      parts.forEach(p -> p.retriever().close());
      if (bm25 != null) {
        bm25.close();
      }
      throw e;
    }
  }

  /**
   * A SolrCloud collection: BM25 and, when it holds vectors, kNN (and so hybrid), each a {@link SolrRetriever} on one
   * client; the queries' vectors from the catalog's one encoder of the model the collection records. Texts come from
   * --dataset only.
   */
  private ServedCollection openSolr(SolrSource source, Documents shared, Spec spec) {
    CloudSolrClient client = source.address().connect();
    solrClients.add(client);
    SolrCollectionSettings settings = SolrRetriever.settings(client, source.collection());
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put("solr", source.address().toString());
    recorded.put("collection", source.collection());
    List<ServedCollection.Part> parts = new ArrayList<>();
    try {
      parts.add(new ServedCollection.Part(ServedCollection.BM25, new IndexManifest(ServedCollection.BM25,
          settings.documents(), recorded), new SolrRetriever(client, source.collection(), SolrRetriever.Mode.BM25, null,
          spec.dense().efSearch(), Fusion.DEFAULT_RRF_K)));
      if (settings.hasVectors()) {
        Map<String, String> dense = new LinkedHashMap<>(recorded);
        dense.put("model", settings.model());
        embeddingModel(ModelRegistry.resolve(settings.model()));
        parts.add(new ServedCollection.Part(ServedCollection.DENSE, new IndexManifest(ServedCollection.DENSE,
            settings.documents(), dense), new SolrRetriever(client, source.collection(), SolrRetriever.Mode.KNN,
            encoder(settings.model()), spec.dense().efSearch(), Fusion.DEFAULT_RRF_K)));
      }
      Documents documents = shared != null ? shared : Documents.none();
      if (documents.isEmpty()) {
        LOG.warn("collection '{}' (SolrCloud): no corpus to read titles and texts from (give --dataset); hits show"
            + " ids only", source.collection());
      }
      return new ServedCollection(source.collection(), parts, documents, null);
    } catch (RuntimeException e) {
      parts.forEach(p -> p.retriever().close());
      throw e;
    }
  }

  /** A ColBERT index searched by PLAID with ColBERTv2's defaults, with an encoder of its own (the index closes it). */
  private ColbertRetriever colbert(Path folder, IndexManifest manifest) {
    OnnxColbertEncoder encoder = new OnnxColbertEncoder(ModelRegistry.resolve(manifest.setting("model")),
        OnnxEncoder.DEFAULT_BATCH, onnxThreads, 1, 0);
    try {
      return ColbertRetriever.open(folder, encoder, ColbertRetriever.Mode.PLAID, PlaidSettings.DEFAULTS);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** The one encoder of a model (by the manifest's or the request's name). */
  private synchronized OnnxEncoder encoder(String model) {
    ModelSource source = ModelRegistry.resolve(model);
    return encoders.computeIfAbsent(source.id(), id -> new OnnxEncoder(source, OnnxEncoder.DEFAULT_BATCH,
        onnxThreads, 1, 0));
  }

  private void embeddingModel(ModelSource source) {
    String name = source.shortName();
    if (!models.containsKey(name)) {
      OnnxEncoder encoder = encoder(source.id());
      models.put(name, new EmbeddingModel(name, encoder, new TextTokenizer(source, encoder.recipe().maxLength())));
    }
  }

  /** A folder's name, or an embedded model's. */
  private static String shortName(String nameOrFolder) {
    Path path = Path.of(nameOrFolder).toAbsolutePath().normalize();
    return Files.isDirectory(path) ? path.getFileName().toString() : nameOrFolder;
  }

  public Map<String, ServedCollection> collections() {
    return Collections.unmodifiableMap(collections);
  }

  /** The dataset's judgments, or null when none was given. */
  public Judgments judgments() {
    return judgments;
  }

  public Map<String, EmbeddingModel> models() {
    return Collections.unmodifiableMap(models);
  }

  /** The rerankers given, by name ({@code bm25} is each collection's own). */
  public Map<String, Reranker> rerankers() {
    return Collections.unmodifiableMap(rerankers);
  }

  @Override
  public void close() {
    collections.values().forEach(ServedCollection::close);
    rerankers.values().forEach(Reranker::close);
    models.values().forEach(EmbeddingModel::close);
    encoders.values().forEach(OnnxEncoder::close);
    solrClients.forEach(CloudSolrClient::close);
  }
}
