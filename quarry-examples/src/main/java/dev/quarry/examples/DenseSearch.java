/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import dev.quarry.api.Dataset;
import dev.quarry.api.Index;
import dev.quarry.api.IndexBuilder;
import dev.quarry.core.data.ScoredDocument;
import java.nio.file.Path;
import java.util.List;

/** Dense retrieval with an embedded model: encode a corpus into an index, then ask it one question. */
public final class DenseSearch {
  private DenseSearch() {}

  /**
   * Runs the example.
   *
   * @param args a BEIR folder (or a dataset's name in $QUARRY_DATA), the index folder to build, and a query
   */
  public static void main(String[] args) {
    search(Dataset.open(args[0]), Path.of(args[1]), args[2]);
  }

  // readme:start
  static List<ScoredDocument> search(Dataset dataset, Path indexFolder, String query) {
    Path folder = IndexBuilder.dense("all-MiniLM-L6-v2-int8").overwrite(true)
        .build(dataset.corpus(), indexFolder);
    try (Index index = Index.open(folder)) {
      List<ScoredDocument> top = index.search(query, 5);
      top.forEach(hit -> System.out.printf("%s %.4f%n", hit.docId(), hit.score()));
      return top;
    }
  }
  // readme:end
}
