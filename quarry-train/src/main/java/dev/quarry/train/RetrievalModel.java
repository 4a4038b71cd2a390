/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A first-stage retriever being trained: a dual encoder (inner products of pooled vectors) or ColBERT (MaxSim over
 * token vectors). Objectives (contrastive, distillation) see only its score matrix, so one objective trains either.
 */
public interface RetrievalModel extends TrainableModel {
  /**
   * [queries, passages]: every query's score with every passage, recorded for gradients inside a gradient
   * collector; intermediate arrays go to {@code step}.
   */
  NDArray scores(NDManager step, List<String> queries, List<String> passages, boolean training);

  /** Without gradients: each query's scores over its own passages (dev evaluation). */
  float[][] scoreGroups(List<String> queries, List<List<String>> passages);
}
