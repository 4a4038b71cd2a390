/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import java.util.Locale;

/**
 * How a dense index is built: its structure (a flat scan or an HNSW graph), how its rows are quantized, and the
 * graph's parameters (Malkov and Yashunin, "Efficient and robust approximate nearest neighbor search using
 * Hierarchical Navigable Small World graphs", TPAMI 2018).
 *
 * @param structure flat (exact or quantized scan) or HNSW (Lucene)
 * @param quantization none, int8 or binary (1 bit per dimension)
 * @param perDimension int8 only: one scale per dimension rather than one for all
 * @param m HNSW: neighbours per node
 * @param efConstruction HNSW: candidates considered while inserting
 */
public record DenseIndexSettings(Structure structure, Quantization quantization, boolean perDimension, int m,
    int efConstruction) {

  public enum Structure { FLAT, HNSW }

  public enum Quantization {
    NONE, INT8, BINARY;

    public static Quantization parse(String name) {
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "none", "float", "fp32" -> NONE;
        case "int8" -> INT8;
        case "binary", "bit", "1bit", "bbq" -> BINARY;
        default -> throw new IllegalArgumentException("unknown quantization '" + name + "'; known: none, int8, binary");
      };
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  public static final DenseIndexSettings FLAT = new DenseIndexSettings(Structure.FLAT, Quantization.NONE, true,
      DEFAULT_M, DEFAULT_EF_CONSTRUCTION);

  public DenseIndexSettings {
    if (structure == null || quantization == null) {
      throw new IllegalArgumentException("structure and quantization must be given");
    }
    if (m < 2 || m > 512) {
      throw new IllegalArgumentException("m must be between 2 and 512; got " + m);
    }
    if (efConstruction < 1 || efConstruction > 3200) {
      throw new IllegalArgumentException("efConstruction must be between 1 and 3200; got " + efConstruction);
    }
  }

  public String label() {
    return structure.name().toLowerCase(Locale.ROOT) + (quantization == Quantization.NONE ? "" : "-" + quantization.label());
  }

  @Override
  public String toString() {
    return label() + (quantization == Quantization.INT8 ? (perDimension ? " (per-dimension scale)" : " (global scale)") : "")
        + (structure == Structure.HNSW ? " (M=" + m + ", efConstruction=" + efConstruction + ")" : "");
  }
}
