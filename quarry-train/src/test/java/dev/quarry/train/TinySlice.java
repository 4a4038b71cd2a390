/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.core.testing.SharedData;
import java.nio.file.Path;

/** A small real slice of SciFact in BEIR layout: the first N train queries, their positives and some others. */
final class TinySlice {
  private TinySlice() {}

  static Path write(Path dir, int queries, int extraDocuments) {
    return SharedData.slice(SharedData.require("scifact"), "train", dir, queries, extraDocuments).folder();
  }
}
