/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.Random;

/** A pair task's generator: which pages can feed it, and a pair drawn from one of them. */
public interface PairSource {
  PretrainTask task();

  /** Whether {@code page} can give this task a pair. */
  boolean accepts(PageCorpus.Page page);

  /** A pair drawn from page {@code page} (one it {@linkplain #accepts accepts}) with {@code random}. */
  Pair pair(PageCorpus corpus, int page, Random random);
}
