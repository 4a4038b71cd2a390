/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.quarry.core.vector.Encoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HyDE (Gao et al., "Precise Zero-Shot Dense Retrieval without Relevance Labels", ACL 2023; texttron/hyde): a
 * language model writes {@code passages} hypothetical documents for a query (the paper's N = 8, temperature 0.7, at
 * most 512 tokens), and the query's vector is the mean of those documents' vectors and the query's own, as the
 * paper's equation and its repository's {@code HyDE.encode} compute it. The documents are encoded as passages and the
 * query as a query, each by the model's own recipe (bge-small's query instruction included); the mean is then scaled
 * to unit length. Scaling leaves inner-product rankings unchanged and gives quantized and HNSW indexes a unit query
 * like any other. The prompt is the repository's ({@code hyde}, or {@code hyde-scifact} for SciFact's claims) unless
 * another is given; it fills {@code {query}}.
 *
 * <p>An encoder in front of a dense index: passages encode as the wrapped encoder does, so the index is the model's
 * own. A batch's queries ask the model concurrently; each query's prompt, documents and cost go to the
 * {@link Trace}. Thread-safe; owns the wrapped encoder.
 */
public final class HydeEncoder implements Encoder {
  /** The slots a HyDE prompt fills. */
  public static final Set<String> SLOTS = Set.of("query");

  private final Encoder encoder;
  private final Completions llm;
  private final PromptTemplate prompt;
  private final int passages;
  private final Sampling sampling;
  private final Trace trace;

  /** @param passages hypothetical documents per query (N) */
  public HydeEncoder(Encoder encoder, Completions llm, PromptTemplate prompt, int passages, Sampling sampling,
      Trace trace) {
    if (passages < 1) {
      throw new IllegalArgumentException("HyDE needs at least one hypothetical document per query; got " + passages);
    }
    this.encoder = encoder;
    this.llm = llm;
    this.prompt = prompt;
    this.passages = passages;
    this.sampling = sampling;
    this.trace = trace;
  }

  /** The hypothetical documents of {@code query} (asked once; later runs read them from the cache). */
  public List<String> documents(String query) {
    try {
      String text = prompt.render(Map.of("query", query));
      Completions.Samples samples = llm.sample(text, sampling, passages);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("prompt", text);
      fields.put("passages", samples.texts());
      trace.write("hyde", query, fields, samples.usage(), samples.cached());
      return samples.texts();
    } catch (RuntimeException e) {
      throw QueryFailure.of("HyDE", query, e);
    }
  }

  @Override
  public float[][] encodeQueries(List<String> queries) {
    List<List<String>> documents = QueryFailure.each(queries, this::documents);
    List<String> all = new ArrayList<>();
    documents.forEach(all::addAll);
    float[][] queryVectors = encoder.encodeQueries(queries);
    float[][] documentVectors = encoder.encodePassages(all);
    float[][] out = new float[queries.size()][];
    int next = 0;
    for (int q = 0; q < out.length; q++) {
      int count = documents.get(q).size();
      out[q] = mean(queryVectors[q], documentVectors, next, count);
      next += count;
    }
    return out;
  }

  /** The unit-length mean of {@code query} and {@code documents[from..from+count)}. */
  static float[] mean(float[] query, float[][] documents, int from, int count) {
    double[] sum = new double[query.length];
    for (int d = 0; d < sum.length; d++) {
      sum[d] = query[d];
    }
    for (int i = from; i < from + count; i++) {
      for (int d = 0; d < sum.length; d++) {
        sum[d] += documents[i][d];
      }
    }
    double norm = 0;
    for (double x : sum) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] mean = new float[sum.length];
    for (int d = 0; d < sum.length; d++) {
      mean[d] = (float) (norm > 0 ? sum[d] / norm : 0);
    }
    return mean;
  }

  @Override
  public float[][] encodePassages(List<String> texts) {
    return encoder.encodePassages(texts);
  }

  @Override
  public String modelId() {
    return encoder.modelId();
  }

  @Override
  public int dimension() {
    return encoder.dimension();
  }

  @Override
  public long truncatedCount() {
    return encoder.truncatedCount();
  }

  @Override
  public void close() {
    encoder.close();
  }

  @Override
  public String toString() {
    return "HydeEncoder[" + encoder.modelId() + ", " + llm.modelName() + ", " + passages + " documents, " + sampling
        + ", prompt " + prompt + "]";
  }
}
