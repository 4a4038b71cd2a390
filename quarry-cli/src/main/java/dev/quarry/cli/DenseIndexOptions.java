/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.lucene.dense.DenseIndexSettings;
import picocli.CommandLine.Option;

/** The structure of a dense index. */
final class DenseIndexOptions {
  enum Scale { per_dimension, global }

  @Option(names = "--hnsw", description = "Build an HNSW graph (Lucene) instead of a flat, exhaustive index.")
  boolean hnsw;

  @Option(names = "--quantize", defaultValue = "none", paramLabel = "none|int8|binary",
      description = "Quantize the searched vectors: int8 (4x smaller) or binary (1 bit a dimension, 32x); " +
          "the top candidates are re-scored with the float vectors (default: ${DEFAULT-VALUE}).")
  String quantize;

  @Option(names = "--int8-scale", defaultValue = "per_dimension", paramLabel = "per_dimension|global",
      description = "Flat int8: one scale per dimension or one for all (default: ${DEFAULT-VALUE}).")
  Scale scale;

  @Option(names = "--m", defaultValue = "" + DenseIndexSettings.DEFAULT_M, paramLabel = "M",
      description = "HNSW neighbours per node (default: ${DEFAULT-VALUE}).")
  int m;

  @Option(names = "--ef-construction", defaultValue = "" + DenseIndexSettings.DEFAULT_EF_CONSTRUCTION,
      paramLabel = "EF", description = "HNSW candidates considered while inserting (default: ${DEFAULT-VALUE}).")
  int efConstruction;

  DenseIndexSettings settings() {
    return new DenseIndexSettings(hnsw ? DenseIndexSettings.Structure.HNSW : DenseIndexSettings.Structure.FLAT,
        DenseIndexSettings.Quantization.parse(quantize), scale == Scale.per_dimension, m, efConstruction);
  }
}
