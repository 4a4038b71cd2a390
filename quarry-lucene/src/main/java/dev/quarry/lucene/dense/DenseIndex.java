/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.vector.BinaryQuantizer;
import dev.quarry.core.vector.CorpusEncoder;
import dev.quarry.core.vector.ScalarQuantizer;
import dev.quarry.core.vector.VectorIndex;
import dev.quarry.core.vector.VectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Opens a {@link DenseIndexBuilder} index: its manifest, its ids and the {@link VectorIndex} its structure needs. */
public final class DenseIndex {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DenseIndex() {}

  /** The manifest of a dense index, refusing any other kind. */
  public static IndexManifest manifest(Path dir) {
    IndexManifest manifest = IndexManifest.read(dir);
    if (!DenseIndexBuilder.KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(dir + " is a " + manifest.kind() + " index, not a dense index");
    }
    return manifest;
  }

  /** The document id of each row. */
  public static String[] ids(Path dir) {
    return CorpusEncoder.readIds(dir.resolve(DenseIndexBuilder.IDS));
  }

  /** The index's float vectors, one row per id, memory-mapped; the caller closes them. */
  public static VectorStore vectors(Path dir) {
    manifest(dir);
    return VectorStore.open(dir.resolve(DenseIndexBuilder.VECTORS));
  }

  /** Opens the index's search structure. */
  public static VectorIndex open(Path dir, DenseSearchSettings search) {
    IndexManifest manifest = manifest(dir);
    VectorStore floats = VectorStore.open(dir.resolve(DenseIndexBuilder.VECTORS));
    ExactRescorer rescorer = new ExactRescorer(floats);
    if ("hnsw".equals(manifest.setting("structure"))) {
      return new HnswVectorIndex(dir.resolve(DenseIndexBuilder.HNSW), rescorer, floats.dimension(), search.efSearch());
    }
    try {
      return switch (manifest.settings().getOrDefault("quantization", "none")) {
        case "int8" -> {
          JsonNode q = JSON.readTree(dir.resolve(DenseIndexBuilder.QUANTIZER).toFile());
          ScalarQuantizer quantizer = new ScalarQuantizer(floats(q.get("offsets")), floats(q.get("scales")));
          yield new FlatVectorIndex(new Int8RowScorer(VectorStore.open(dir.resolve(DenseIndexBuilder.INT8_CODES)),
              quantizer), rescorer, search.oversample(DenseIndexSettings.Quantization.INT8));
        }
        case "binary" -> {
          JsonNode q = JSON.readTree(dir.resolve(DenseIndexBuilder.QUANTIZER).toFile());
          BinaryQuantizer quantizer = new BinaryQuantizer(floats(q.get("thresholds")));
          yield new FlatVectorIndex(new BinaryRowScorer(VectorStore.open(dir.resolve(DenseIndexBuilder.BINARY_CODES)),
              quantizer), rescorer, search.oversample(DenseIndexSettings.Quantization.BINARY));
        }
        default -> new FlatVectorIndex(new FloatRowScorer(floats), rescorer,
            search.oversample(DenseIndexSettings.Quantization.NONE));
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(DenseIndexBuilder.QUANTIZER) + ": " + e.getMessage(), e);
    }
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }
}
