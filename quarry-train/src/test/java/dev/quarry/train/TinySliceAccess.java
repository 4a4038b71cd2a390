/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import java.nio.file.Path;

/** {@link TinySlice} for tests in other packages. */
public final class TinySliceAccess {
  private TinySliceAccess() {}

  public static Path write(Path dir, int queries, int extraDocuments) {
    return TinySlice.write(dir, queries, extraDocuments);
  }
}
