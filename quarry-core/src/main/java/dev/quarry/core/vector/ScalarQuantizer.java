/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import java.util.Arrays;

/**
 * Scalar quantization of float vectors to signed bytes: {@code x[i] ~ offset[i] + scale[i] * code[i]}, codes in
 * [-127, 127], fitted on the collection's 0.1st and 99.9th percentiles per dimension (or over all dimensions, for a
 * global scale) so that a few outliers do not waste the range. Four times less memory than floats.
 *
 * <p>Inner products need no decoding: {@code q . x ~ sum q[i] offset[i] + sum (q[i] scale[i]) code[i]}; the first
 * term is the same for every row, and the query's weights {@code q[i] scale[i]} are themselves quantized to bytes,
 * so ranking is an int8 dot product ({@link QueryCodes}).
 *
 * @param offsets per-dimension centre
 * @param scales per-dimension step
 */
public record ScalarQuantizer(float[] offsets, float[] scales) {
  private static final int SAMPLE = 50_000;

  public ScalarQuantizer {
    if (offsets.length != scales.length || offsets.length == 0) {
      throw new IllegalArgumentException("offsets and scales must have the same, positive length");
    }
  }

  public int dimension() {
    return offsets.length;
  }

  /**
   * Fits on (an even sample of at most 50,000 rows of) a float store.
   *
   * @param perDimension one range per dimension; otherwise one range for all
   */
  public static ScalarQuantizer fit(VectorStore floats, boolean perDimension) {
    int dim = floats.dimension();
    int n = (int) Math.min(floats.count(), SAMPLE);
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit a quantizer on an empty store " + floats.file());
    }
    float[][] byDim = new float[perDimension ? dim : 1][];
    for (int d = 0; d < byDim.length; d++) {
      byDim[d] = new float[perDimension ? n : n * dim];
    }
    float[] row = new float[dim];
    for (int i = 0; i < n; i++) {
      floats.readFloats(i * floats.count() / n, row);
      for (int d = 0; d < dim; d++) {
        if (perDimension) {
          byDim[d][i] = row[d];
        } else {
          byDim[0][i * dim + d] = row[d];
        }
      }
    }
    float[] offsets = new float[dim];
    float[] scales = new float[dim];
    for (int d = 0; d < byDim.length; d++) {
      float[] values = byDim[d];
      Arrays.sort(values);
      float lo = values[(int) Math.floor(0.001 * (values.length - 1))];
      float hi = values[(int) Math.ceil(0.999 * (values.length - 1))];
      float offset = (hi + lo) / 2;
      float scale = Math.max((hi - lo) / 254f, 1e-12f);
      if (perDimension) {
        offsets[d] = offset;
        scales[d] = scale;
      } else {
        Arrays.fill(offsets, offset);
        Arrays.fill(scales, scale);
      }
    }
    return new ScalarQuantizer(offsets, scales);
  }

  public byte[] encode(float[] vector) {
    byte[] codes = new byte[vector.length];
    for (int d = 0; d < vector.length; d++) {
      codes[d] = (byte) Math.max(-127, Math.min(127, Math.round((vector[d] - offsets[d]) / scales[d])));
    }
    return codes;
  }

  /** The decoded approximation of a row's codes (for tests and error measurements). */
  public float[] decode(byte[] codes) {
    float[] v = new float[codes.length];
    for (int d = 0; d < codes.length; d++) {
      v[d] = offsets[d] + scales[d] * codes[d];
    }
    return v;
  }

  /**
   * A query prepared for scoring against codes: {@code score ~ scale * dot(codes, rowCodes) + constant}.
   *
   * @param codes the quantized weights {@code q[i] scale[i]}
   * @param scale their step
   * @param constant {@code sum q[i] offset[i]}
   */
  public record QueryCodes(byte[] codes, float scale, float constant) {
    public float score(int dot) {
      return scale * dot + constant;
    }
  }

  public QueryCodes prepare(float[] query) {
    double constant = 0;
    float max = 0;
    float[] weights = new float[query.length];
    for (int d = 0; d < query.length; d++) {
      constant += (double) query[d] * offsets[d];
      weights[d] = query[d] * scales[d];
      max = Math.max(max, Math.abs(weights[d]));
    }
    float step = max > 0 ? max / 127 : 1;
    byte[] codes = new byte[query.length];
    for (int d = 0; d < query.length; d++) {
      codes[d] = (byte) Math.round(weights[d] / step);
    }
    return new QueryCodes(codes, step, (float) constant);
  }
}
