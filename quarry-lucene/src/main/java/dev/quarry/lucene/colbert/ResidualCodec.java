/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

import java.util.Arrays;

/**
 * ColBERTv2's residual compression (Santhanam et al., "ColBERTv2: Effective and Efficient Retrieval via Lightweight
 * Late Interaction", NAACL 2022): a token vector is stored as its nearest centroid and its residual (vector less
 * centroid), each dimension of the residual quantized to {@code nbits} bits. The buckets are ColBERTv2's: from the
 * residual values of held-out vectors, the cut-offs are the quantiles at i / 2^nbits (i = 1 .. 2^nbits - 1) and each
 * bucket decodes to the quantile at (i + 0.5) / 2^nbits; a value falls in the bucket of the number of cut-offs below
 * it ({@code torch.bucketize}). Decoding adds the bucket values to the centroid and scales to unit length.
 *
 * <p>Layout of a code: the dimensions' bucket numbers in order, {@code nbits} bits each, most significant bit first,
 * packed into {@code dimension * nbits / 8} bytes (16 bytes at 1 bit, 32 at 2 bits for 128 dimensions). Immutable
 * and thread-safe.
 */
public final class ResidualCodec {
  private final int nbits;
  private final int dimension;
  private final float[] cutoffs;
  private final float[] weights;

  public ResidualCodec(int nbits, int dimension, float[] cutoffs, float[] weights) {
    if (nbits != 1 && nbits != 2) {
      throw new IllegalArgumentException("nbits must be 1 or 2; got " + nbits);
    }
    if (dimension < 8 || dimension % 8 != 0) {
      throw new IllegalArgumentException("dimension must be a positive multiple of 8; got " + dimension);
    }
    if (cutoffs.length != (1 << nbits) - 1 || weights.length != 1 << nbits) {
      throw new IllegalArgumentException(nbits + " bits need " + ((1 << nbits) - 1) + " cut-offs and " + (1 << nbits)
          + " weights; got " + cutoffs.length + " and " + weights.length);
    }
    this.nbits = nbits;
    this.dimension = dimension;
    this.cutoffs = cutoffs.clone();
    this.weights = weights.clone();
  }

  /** ColBERTv2's buckets from the residual values of held-out vectors (every dimension of every residual). */
  public static ResidualCodec fit(int nbits, int dimension, float[] residualValues) {
    if (residualValues.length == 0) {
      throw new IllegalArgumentException("no residual values to fit the buckets to");
    }
    float[] sorted = residualValues.clone();
    Arrays.sort(sorted);
    int options = 1 << nbits;
    float[] cutoffs = new float[options - 1];
    float[] weights = new float[options];
    for (int i = 1; i < options; i++) {
      cutoffs[i - 1] = quantile(sorted, (double) i / options);
    }
    for (int i = 0; i < options; i++) {
      weights[i] = quantile(sorted, (i + 0.5) / options);
    }
    return new ResidualCodec(nbits, dimension, cutoffs, weights);
  }

  /** The q-quantile with linear interpolation between order statistics, as {@code torch.quantile} computes it. */
  static float quantile(float[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(sorted.length - 1, low + 1);
    double fraction = position - low;
    return (float) (sorted[low] + fraction * (sorted[high] - sorted[low]));
  }

  public int nbits() {
    return nbits;
  }

  public int dimension() {
    return dimension;
  }

  public float[] cutoffs() {
    return cutoffs.clone();
  }

  public float[] weights() {
    return weights.clone();
  }

  /** Bytes of one vector's residual code. */
  public int bytesPerVector() {
    return dimension * nbits / 8;
  }

  /** Packs the residual {@code vector - centroid} into {@code out} ({@link #bytesPerVector()} bytes). */
  public void encode(float[] vector, float[] centroid, byte[] out) {
    Arrays.fill(out, (byte) 0);
    for (int d = 0; d < dimension; d++) {
      float residual = vector[d] - centroid[d];
      int bucket = 0;
      while (bucket < cutoffs.length && cutoffs[bucket] < residual) {
        bucket++;
      }
      for (int b = nbits - 1; b >= 0; b--) {
        int bit = d * nbits + (nbits - 1 - b);
        if ((bucket >>> b & 1) != 0) {
          out[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
        }
      }
    }
  }

  /**
   * Decodes one vector into {@code out} at {@code offset}: the centroid plus each dimension's bucket value, scaled to
   * unit length (summed in order in doubles: the same code gives the same vector in every run).
   */
  public void decode(float[] centroid, byte[] code, int codeOffset, float[] out, int offset) {
    double norm = 0;
    for (int d = 0; d < dimension; d++) {
      int bucket = 0;
      for (int b = 0; b < nbits; b++) {
        int bit = d * nbits + b;
        bucket = bucket << 1 | (code[codeOffset + (bit >>> 3)] >>> (7 - (bit & 7)) & 1);
      }
      float value = centroid[d] + weights[bucket];
      out[offset + d] = value;
      norm += (double) value * value;
    }
    double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
    for (int d = 0; d < dimension; d++) {
      out[offset + d] = (float) (out[offset + d] * scale);
    }
  }

  @Override
  public String toString() {
    return "ResidualCodec[nbits=" + nbits + ", dimension=" + dimension + ", cutoffs=" + Arrays.toString(cutoffs)
        + ", weights=" + Arrays.toString(weights) + "]";
  }
}
