package dev.quarry.lucene.dense;

import dev.quarry.core.vector.TopK;
import dev.quarry.core.vector.VectorIndex;
import dev.quarry.core.vector.VectorStore;
import org.apache.lucene.util.VectorUtil;

/** Re-scores candidate rows with exact inner products from the float vectors and keeps the best k. Thread-safe. */
final class ExactRescorer {
  private final VectorStore floats;

  ExactRescorer(VectorStore floats) {
    this.floats = floats;
  }

  VectorIndex.Hits rescore(float[] query, long[] candidates, int k) {
    TopK top = new TopK(k);
    float[] row = new float[floats.dimension()];
    for (long r : candidates) {
      floats.readFloats(r, row);
      top.offer(r, VectorUtil.dotProduct(query, row));
    }
    float[] scores = new float[top.size()];
    long[] rows = top.sortedRows(scores);
    return new VectorIndex.Hits(rows, scores);
  }
}
