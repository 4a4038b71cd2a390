/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

import dev.quarry.core.Progress;
import io.github.jbellis.jvector.quantization.KMeansPlusPlusClusterer;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.SplittableRandom;
import org.apache.lucene.util.VectorUtil;

/**
 * ColBERTv2's centroids: k-means over a sample of the token vectors (Santhanam et al., NAACL 2022), here JVector's
 * {@link KMeansPlusPlusClusterer} (Lloyd iterations), started from {@code k} distinct sample points drawn with a seed
 * (as faiss, which ColBERTv2 uses, starts), so a build repeats; the centroids are then scaled to unit length, as
 * ColBERTv2 does. Nearest centroid means largest inner product (the vectors are unit length). Immutable and
 * thread-safe.
 */
public final class Centroids {
  private final float[][] centroids;

  public Centroids(float[][] centroids) {
    if (centroids.length == 0) {
      throw new IllegalArgumentException("at least one centroid is needed");
    }
    this.centroids = centroids;
  }

  /** ColBERTv2's number of centroids for {@code vectors} token vectors: 2^floor(log2(16 sqrt(vectors))). */
  public static int defaultCount(long vectors) {
    if (vectors < 1) {
      throw new IllegalArgumentException("vectors must be positive; got " + vectors);
    }
    return Integer.highestOneBit((int) Math.max(1, Math.floor(16 * Math.sqrt(vectors))));
  }

  /**
   * k-means of {@code sample} (unit vectors), at most {@code iterations} Lloyd iterations from seeded sample points
   * (fewer once no point changes its centroid), each reported to {@code progress}.
   */
  public static Centroids fit(float[][] sample, int k, int iterations, long seed, Progress progress) {
    if (k < 1 || k > sample.length) {
      throw new IllegalArgumentException("k must be between 1 and the sample's " + sample.length + " points; got " + k);
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must not be negative; got " + iterations);
    }
    int d = sample[0].length;
    VectorTypeSupport types = VectorizationProvider.getInstance().getVectorTypeSupport();
    VectorFloat<?>[] points = new VectorFloat<?>[sample.length];
    for (int i = 0; i < sample.length; i++) {
      points[i] = types.createFloatVector(sample[i]);
    }
    // k distinct starting points: a seeded partial Fisher-Yates shuffle of the sample's indexes
    int[] order = new int[sample.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] start = new float[k * d];
    for (int c = 0; c < k; c++) {
      int j = c + random.nextInt(order.length - c);
      int t = order[c];
      order[c] = order[j];
      order[j] = t;
      System.arraycopy(sample[order[c]], 0, start, c * d, d);
    }
    KMeansPlusPlusClusterer clusterer = new KMeansPlusPlusClusterer(points, types.createFloatVector(start),
        KMeansPlusPlusClusterer.UNWEIGHTED);
    for (int i = 0; i < iterations; i++) {
      int moved = clusterer.clusterOnceUnweighted();
      progress.advance(1);
      if (moved == 0) {
        break;
      }
    }
    VectorFloat<?> all = clusterer.getCentroids();
    float[][] out = new float[k][d];
    for (int c = 0; c < k; c++) {
      double norm = 0;
      for (int j = 0; j < d; j++) {
        out[c][j] = all.get(c * d + j);
        norm += (double) out[c][j] * out[c][j];
      }
      double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
      for (int j = 0; j < d; j++) {
        out[c][j] = (float) (out[c][j] * scale);
      }
    }
    return new Centroids(out);
  }

  public int count() {
    return centroids.length;
  }

  public int dimension() {
    return centroids[0].length;
  }

  public float[] get(int c) {
    return centroids[c];
  }

  /** The centroid with the largest inner product with {@code vector} (SIMD; ties to the lower id). */
  public int nearest(float[] vector) {
    int best = 0;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < centroids.length; c++) {
      float s = VectorUtil.dotProduct(vector, centroids[c]);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }

  /** Every centroid's inner product with every query vector: [centroid * queryCount + j]. */
  public float[] scores(float[][] query) {
    float[] s = new float[centroids.length * query.length];
    for (int c = 0; c < centroids.length; c++) {
      for (int j = 0; j < query.length; j++) {
        s[c * query.length + j] = VectorUtil.dotProduct(centroids[c], query[j]);
      }
    }
    return s;
  }
}
