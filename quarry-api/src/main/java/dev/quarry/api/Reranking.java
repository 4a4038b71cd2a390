/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import dev.quarry.core.Progress;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.QueryOverlap;
import dev.quarry.rerank.PointwiseTeacher;
import dev.quarry.rerank.RunReranker;
import dev.quarry.search.IndexCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reranks a first-stage run of a dataset, as {@code quarry rerank} does: each query's top {@link Builder#depth} is
 * scored by a model (a cross-encoder folder, a dense model: an embedded one's name or a folder, a ColBERT model folder,
 * or {@code bm25}) and reordered; documents below the depth are dropped. Every score is kept in a cache on disk
 * ({@link Builder#cache}), so reranking the same pairs again costs nothing. Holds the model's native session and the
 * dataset's texts: close it.
 *
 * <pre>{@code
 * try (Reranking reranking = Reranking.with("bge-small-en-v1.5").depth(20).open(dataset)) {
 *   Run reranked = reranking.rerank(bm25Run);
 * }
 * }</pre>
 */
public final class Reranking implements AutoCloseable {
  private final PointwiseTeacher scorer;
  private final RunReranker reranker;
  private final Queries queries;
  private final Map<String, String> texts;

  private Reranking(PointwiseTeacher scorer, int depth, Dataset dataset) {
    this.scorer = scorer;
    this.reranker = new RunReranker(scorer, depth, null, null, 0);
    this.queries = dataset.queries();
    this.texts = dataset.texts();
  }

  /**
   * A reranking by a model.
   *
   * @param model a cross-encoder folder, an embedded model's name, a dense or ColBERT model folder, or {@code bm25}
   * @return the builder
   */
  public static Builder with(String model) {
    return new Builder(Objects.requireNonNull(model, "model"));
  }

  /**
   * Reranks every query of the run that the dataset has.
   *
   * @param run a first-stage run of the dataset's queries
   * @return each query's top documents reordered by the model's scores
   * @throws IllegalArgumentException when the run shares no query with the dataset
   */
  public Run rerank(Run run) {
    QueryOverlap.of(run.queryIds(), queries.ids()).requireCommon("the run", "the dataset's queries");
    return reranker.rerank(run, queries.filter(run.queryIds()::contains), texts, Progress.NONE);
  }

  /** Releases the model and the score cache. */
  @Override
  public void close() {
    scorer.close();
  }

  @Override
  public String toString() {
    return "Reranking[" + scorer.describe() + "]";
  }

  /**
   * The settings of a reranking, each validated when set.
   *
   * <pre>{@code
   * Reranking.with("runs/scifact-ce/model").depth(100).threads(2).cache(Path.of("cache")).open(dataset)
   * }</pre>
   */
  public static final class Builder {
    private final String model;
    private int depth = 100;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Path cache;

    private Builder(String model) {
      this.model = model;
    }

    /**
     * Documents per query scored and kept.
     *
     * @param depth positive (default 100)
     * @return this builder
     * @throws IllegalArgumentException naming the value when it is not positive
     */
    public Builder depth(int depth) {
      this.depth = Index.Opener.positive("depth", depth);
      return this;
    }

    /**
     * ONNX Runtime threads.
     *
     * @param threads positive (default: the number of cores)
     * @return this builder
     * @throws IllegalArgumentException naming the value when it is not positive
     */
    public Builder threads(int threads) {
      this.threads = Index.Opener.positive("threads", threads);
      return this;
    }

    /**
     * Where scores are kept.
     *
     * @param cache a folder (default: {@code $QUARRY_CACHE}, else {@code ~/.cache/quarry})
     * @return this builder
     */
    public Builder cache(Path cache) {
      this.cache = cache;
      return this;
    }

    /**
     * Loads the model for a dataset (its texts are what is scored).
     *
     * @param dataset the dataset of the runs to rerank
     * @return the reranking; close it
     * @throws IllegalArgumentException when the model is a pairwise reranker or cannot be found
     */
    public Reranking open(Dataset dataset) {
      PointwiseTeacher scorer = PointwiseTeacher.open(List.of(model), IndexCache.at(cache), dataset.corpus(),
          threads);
      try {
        return new Reranking(scorer, depth, dataset);
      } catch (RuntimeException e) {
        scorer.close();
        throw e;
      }
    }
  }
}
