package dev.quarry.lucene.dense;

import dev.quarry.core.vector.VectorStore;
import org.apache.lucene.util.VectorUtil;

/** Exact inner products against float rows, with Lucene's SIMD {@link VectorUtil#dotProduct(float[], float[])}. */
final class FloatRowScorer implements RowScorer {
  private final VectorStore floats;

  FloatRowScorer(VectorStore floats) {
    if (floats.type() != VectorStore.ElementType.FLOAT32) {
      throw new IllegalArgumentException(floats.file() + " does not hold floats");
    }
    this.floats = floats;
  }

  @Override
  public Scan begin(float[][] queries) {
    float[] row = new float[floats.dimension()];
    return (r, scores) -> {
      floats.readFloats(r, row);
      for (int q = 0; q < queries.length; q++) {
        scores[q] = VectorUtil.dotProduct(queries[q], row);
      }
    };
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public long rows() {
    return floats.count();
  }

  @Override
  public int dimension() {
    return floats.dimension();
  }
}
