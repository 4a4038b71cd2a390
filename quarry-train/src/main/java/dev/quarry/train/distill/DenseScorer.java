package dev.quarry.train.distill;

import dev.quarry.core.rerank.Reranker;
import dev.quarry.core.vector.Encoder;
import java.util.List;

/** A dense model as a pointwise scorer: the inner product of the query's and each passage's vectors. */
public final class DenseScorer implements Reranker {
  private final Encoder encoder;

  public DenseScorer(Encoder encoder) {
    this.encoder = encoder;
  }

  @Override
  public String modelId() {
    return "dense:" + encoder.modelId();
  }

  @Override
  public float[] score(String query, List<String> passages) {
    float[] q = encoder.encodeQueries(List.of(query))[0];
    float[][] p = encoder.encodePassages(passages);
    float[] s = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      double dot = 0;
      for (int d = 0; d < q.length; d++) {
        dot += q[d] * p[i][d];
      }
      s[i] = (float) dot;
    }
    return s;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
