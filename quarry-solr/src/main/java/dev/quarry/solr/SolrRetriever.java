/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr;

import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.Fusion;
import dev.quarry.core.search.Retriever;
import dev.quarry.core.vector.Encoder;
import dev.quarry.lucene.Analyzers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;

/**
 * Searches a collection {@link SolrPublisher} made, through SolrJ: BM25 over {@code contents}, kNN over
 * {@code vector} ({@code {!knn}}), or both fused by reciprocal rank (Cormack et al., SIGIR 2009) as Quarry's local
 * hybrid fuses them.
 *
 * <p>BM25: the query is analysed here, by the analyzer the collection records, into Quarry's bag of words (each
 * distinct term once per occurrence), and sent as term queries, so Solr scores exactly the terms Quarry's own
 * searcher scores. kNN: Solr's {@code topK} is per shard, and each shard's HNSW search is approximate: each is asked
 * for {@code max(k, efSearch)} candidates (as Quarry's own HNSW search keeps {@code efSearch}), and the merged top
 * {@code k} of those is exact wherever every shard's candidates hold its true top {@code k}. Scores are given back as Quarry's
 * inner products, undoing Lucene's scaling of maximum-inner-product scores. Equal scores are ordered by id,
 * descending (trec_eval's order), also at the cut: an answer does not depend on which replicas gave it.
 */
public final class SolrRetriever implements Retriever {
  /** What a query asks Solr for. */
  public enum Mode { BM25, KNN, HYBRID }

  private final CloudSolrClient client;
  private final String collection;
  private final SolrCollectionSettings settings;
  private final Mode mode;
  private final Encoder encoder;
  private final Analyzer analyzer;
  private final int rrfK;
  private final int efSearch;
  /** The client, when this retriever made it ({@link #connect}) and so closes it; else null. */
  private final CloudSolrClient owned;

  /**
   * @param encoder the encoder of the model the collection's vectors came from (KNN and HYBRID; null for BM25); the
   *     retriever closes it
   * @param efSearch kNN: the candidates each shard's HNSW search keeps ({@code topK}), at least k; Lucene's graph
   *     search with a beam of only k misses neighbours that a wider one finds
   * @param rrfK HYBRID: the k of reciprocal rank fusion
   */
  public SolrRetriever(CloudSolrClient client, String collection, Mode mode, Encoder encoder, int efSearch,
      int rrfK) {
    this(client, collection, settings(client, collection), mode, encoder, efSearch, rrfK, null);
  }

  private SolrRetriever(CloudSolrClient client, String collection, SolrCollectionSettings settings, Mode mode,
      Encoder encoder, int efSearch, int rrfK, CloudSolrClient owned) {
    if (mode != Mode.BM25) {
      if (!settings.hasVectors()) {
        throw new IllegalArgumentException("collection '" + collection + "' holds no vectors (it was published from"
            + " a bm25 index); search it with BM25, or publish a dense index");
      }
      if (encoder == null || !settings.model().equals(encoder.modelId())) {
        throw new IllegalArgumentException("collection '" + collection + "' holds vectors of " + settings.model()
            + "; its queries must be encoded by that model, not " + (encoder == null ? "none" : encoder.modelId()));
      }
    }
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be >= 1; got " + efSearch);
    }
    if (rrfK < 0) {
      throw new IllegalArgumentException("rrfK must be >= 0; got " + rrfK);
    }
    this.client = client;
    this.collection = collection;
    this.settings = settings;
    this.mode = mode;
    this.encoder = encoder;
    this.analyzer = Analyzers.forName(settings.analyzer());
    this.rrfK = rrfK;
    this.efSearch = efSearch;
    this.owned = owned;
  }

  /**
   * Connects to the cluster at {@code address} and opens its collection; {@code encoders} gives the encoder of the
   * model the collection records (called for KNN and HYBRID only). The retriever closes the client it made.
   *
   * @param mode what to ask, or null for the collection's default: HYBRID when it holds vectors, else BM25
   */
  public static SolrRetriever connect(SolrCloudAddress address, String collection, Mode mode,
      Function<String, ? extends Encoder> encoders, int efSearch, int rrfK) {
    CloudSolrClient client = address.connect();
    Encoder encoder = null;
    try {
      SolrCollectionSettings settings = settings(client, collection);
      Mode chosen = mode != null ? mode : settings.hasVectors() ? Mode.HYBRID : Mode.BM25;
      if (chosen != Mode.BM25 && settings.hasVectors()) {
        encoder = encoders.apply(settings.model());
      }
      return new SolrRetriever(client, collection, settings, chosen, encoder, efSearch, rrfK, client);
    } catch (RuntimeException e) {
      if (encoder != null) {
        encoder.close();
      }
      closeQuietly(client, e);
      throw e;
    }
  }

  private static void closeQuietly(CloudSolrClient client, Exception cause) {
    try {
      client.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The settings a collection was published with (its parameter set {@code quarry}). */
  public static SolrCollectionSettings settings(CloudSolrClient client, String collection) {
    try {
      GenericSolrRequest request = new GenericSolrRequest(SolrRequest.METHOD.GET,
          "/config/params/" + SolrCollectionSettings.PARAM_SET).setRequiresCollection(true);
      NamedList<Object> response = client.request(request, collection);
      Object params = child(child(child(response, "response"), "params"), SolrCollectionSettings.PARAM_SET);
      if (params instanceof NamedList<?> list) {
        params = list.asShallowMap();
      }
      if (!(params instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("collection '" + collection + "' was not published by Quarry (it has no"
            + " parameter set '" + SolrCollectionSettings.PARAM_SET + "')");
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> values = (Map<String, ?>) map;
      return SolrCollectionSettings.fromParams(values, collection);
    } catch (IOException | SolrServerException e) {
      throw new IllegalStateException("cannot read collection '" + collection + "' from SolrCloud: "
          + e.getMessage(), e);
    }
  }

  /** A response's member, whether the response writer gave a NamedList or a Map; null if absent. */
  private static Object child(Object parent, String key) {
    return parent instanceof NamedList<?> list ? list.get(key) : parent instanceof Map<?, ?> map ? map.get(key) : null;
  }

  public SolrCollectionSettings settings() {
    return settings;
  }

  public Mode mode() {
    return mode;
  }

  @Override
  public List<ScoredDocument> search(String query, int k) {
    return searchBatch(List.of(query), k).get(0);
  }

  @Override
  public List<List<ScoredDocument>> searchBatch(List<String> queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1; got " + k);
    }
    float[][] vectors = mode == Mode.BM25 ? null : encoder.encodeQueries(queries);
    List<List<ScoredDocument>> results = new ArrayList<>(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      results.add(switch (mode) {
        case BM25 -> bm25(queries.get(i), k);
        case KNN -> knn(vectors[i], k);
        case HYBRID -> Fusion.reciprocalRankLists(List.of(bm25(queries.get(i), k), knn(vectors[i], k)), rrfK, k);
      });
    }
    return results;
  }

  private List<ScoredDocument> bm25(String text, int k) {
    Map<String, Integer> terms = Analyzers.termCounts(analyzer, SolrCollectionSettings.CONTENTS, text);
    if (terms.isEmpty()) {
      return List.of();
    }
    ModifiableSolrParams params = new ModifiableSolrParams();
    StringJoiner clauses = new StringJoiner(" ", "{!bool ", "}");
    int i = 0;
    for (Map.Entry<String, Integer> term : terms.entrySet()) {
      params.set("t" + i, "{!term f=" + SolrCollectionSettings.CONTENTS + "}" + term.getKey());
      for (int c = 0; c < term.getValue(); c++) {
        clauses.add("should=$t" + i);
      }
      i++;
    }
    params.set("q", clauses.toString());
    return select(params, k, false);
  }

  private List<ScoredDocument> knn(float[] vector, int k) {
    StringJoiner values = new StringJoiner(",", "[", "]");
    for (float x : vector) {
      values.add(Float.toString(x));
    }
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("q", String.format(Locale.ROOT, "{!knn f=%s topK=%d}%s", SolrCollectionSettings.VECTOR,
        Math.max(k, efSearch), values));
    return select(params, k, true);
  }

  private List<ScoredDocument> select(ModifiableSolrParams params, int k, boolean innerProducts) {
    params.set("fl", "id,score");
    // ties broken as trec_eval breaks them (the larger id first), so that the same query gets the same top k
    // whichever replicas answer (their internal document order differs)
    params.set("sort", "score desc,id desc");
    params.set("rows", k);
    try {
      List<ScoredDocument> hits = new ArrayList<>(k);
      for (SolrDocument doc : client.query(collection, params).getResults()) {
        double score = ((Number) doc.getFieldValue("score")).doubleValue();
        hits.add(new ScoredDocument((String) doc.getFieldValue("id"), innerProducts ? innerProduct(score) : score));
      }
      return hits;
    } catch (IOException | SolrServerException e) {
      throw new IllegalStateException("SolrCloud search of collection '" + collection + "' failed: "
          + e.getMessage(), e);
    }
  }

  /** Undoes Lucene's {@code VectorUtil.scaleMaxInnerProductScore}: {@code 1 / (1 - ip)} below 0, else {@code ip + 1}. */
  static double innerProduct(double score) {
    return score < 1 ? 1 - 1 / score : score - 1;
  }

  @Override
  public boolean containsDocument(String docId) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("q", "{!term f=id}" + docId);
    params.set("rows", 0);
    try {
      return client.query(collection, params).getResults().getNumFound() > 0;
    } catch (IOException | SolrServerException e) {
      throw new IllegalStateException("SolrCloud lookup in collection '" + collection + "' failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public long documentCount() {
    return count(client, collection);
  }

  /** The number of documents a collection holds. */
  static long count(CloudSolrClient client, String collection) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("q", "*:*");
    params.set("rows", 0);
    try {
      return client.query(collection, params).getResults().getNumFound();
    } catch (IOException | SolrServerException e) {
      throw new IllegalStateException("cannot count collection '" + collection + "' in SolrCloud: "
          + e.getMessage(), e);
    }
  }

  /** Closes the encoder, and the client if this retriever made it; a client given is the caller's. */
  @Override
  public void close() {
    if (encoder != null) {
      encoder.close();
    }
    if (owned != null) {
      owned.close();
    }
  }

  @Override
  public String toString() {
    return "SolrRetriever[" + collection + ", " + mode.name().toLowerCase(Locale.ROOT)
        + (mode == Mode.BM25 ? "" : ", " + settings.model()) + "]";
  }
}
