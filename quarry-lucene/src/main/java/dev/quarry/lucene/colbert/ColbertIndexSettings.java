/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

/**
 * How a ColBERT index is built.
 *
 * @param nbits bits per residual dimension: 1 or 2 (ColBERTv2's choices; 20 or 36 bytes per 128-dimensional vector)
 * @param centroids the number of centroids, or 0 for ColBERTv2's 2^floor(log2(16 sqrt(vectors)))
 * @param iterations k-means iterations (ColBERTv2's {@code kmeans_niters}: 4)
 * @param pointsPerCentroid the k-means sample's size per centroid (faiss, under ColBERTv2, caps it at 256; fewer
 *     make the build affordable on a CPU without BLAS)
 * @param keepFloats also keep every token vector uncompressed ({@code vectors.f32}): the exact reference
 * @param seed the sample's and the starting centroids' seed
 */
public record ColbertIndexSettings(int nbits, int centroids, int iterations, int pointsPerCentroid,
    boolean keepFloats, long seed) {
  public static final ColbertIndexSettings DEFAULTS = new ColbertIndexSettings(2, 0, 4, 16, false, 42);

  public ColbertIndexSettings {
    if (nbits != 1 && nbits != 2) {
      throw new IllegalArgumentException("nbits must be 1 or 2; got " + nbits);
    }
    if (centroids < 0 || iterations < 0 || pointsPerCentroid < 1) {
      throw new IllegalArgumentException("centroids and iterations must not be negative and pointsPerCentroid must"
          + " be positive; got " + centroids + ", " + iterations + ", " + pointsPerCentroid);
    }
  }

  public ColbertIndexSettings withNbits(int bits) {
    return new ColbertIndexSettings(bits, centroids, iterations, pointsPerCentroid, keepFloats, seed);
  }

  public ColbertIndexSettings withKeepFloats(boolean keep) {
    return new ColbertIndexSettings(nbits, centroids, iterations, pointsPerCentroid, keep, seed);
  }

  public ColbertIndexSettings withCentroids(int count) {
    return new ColbertIndexSettings(nbits, count, iterations, pointsPerCentroid, keepFloats, seed);
  }

  @Override
  public String toString() {
    return "nbits=" + nbits + ", centroids=" + (centroids == 0 ? "2^floor(log2(16 sqrt(vectors)))" : centroids)
        + ", kmeans iterations=" + iterations + ", sample=" + pointsPerCentroid + " per centroid, keep floats="
        + keepFloats;
  }
}
