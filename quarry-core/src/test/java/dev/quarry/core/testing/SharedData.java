/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.Qrels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real, human-judged datasets of {@code ../shared/data} (or {@code $QUARRY_DATA}) for tests. A test that needs
 * one is skipped, with a message saying where it looked, when the data is absent, except under CI ({@code CI=true}),
 * where a missing dataset fails the test: a skipped quality test is not a pass.
 */
public final class SharedData {
  private SharedData() {}

  /** The dataset, or a skipped test when it is not on this machine. */
  public static BeirDataset require(String name) {
    for (Path folder : DatasetLocator.dataFolders()) {
      Path candidate = folder.resolve(name);
      if (Files.isRegularFile(candidate.resolve("corpus.jsonl"))) {
        return new BeirDataset(candidate);
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("dataset '" + name + "' not found in " + DatasetLocator.dataFolders()
          + ", and CI=true: a test that needs the shared data fails without it (set QUARRY_DATA)");
    }
    System.err.println("SKIPPED: dataset '" + name + "' not found in " + DatasetLocator.dataFolders()
        + " (set QUARRY_DATA to the shared data folder)");
    assumeTrue(false, "dataset '" + name + "' not found in " + DatasetLocator.dataFolders()
        + "; set QUARRY_DATA to the shared data folder to run this test");
    throw new AssertionError("unreachable");
  }

  /**
   * A small real dataset for tests: the first {@code queries} queries judged in {@code split} (in the qrels file's
   * order), the documents judged for them and the first {@code others} other documents of the corpus, written as a
   * BEIR folder with that split's judgments only.
   */
  public static BeirDataset slice(BeirDataset data, String split, Path dir, int queries, int others) {
    Qrels test = data.qrels(split);
    List<String> kept = test.queryIds().stream().limit(queries).toList();
    Set<String> docs = new HashSet<>();
    kept.forEach(q -> docs.addAll(test.judgments(q).keySet()));
    ObjectMapper json = new ObjectMapper();
    try {
      Files.createDirectories(dir.resolve("qrels"));
      StringBuilder corpus = new StringBuilder();
      int extra = 0;
      try (CorpusReader reader = data.openCorpus()) {
        for (Document d : reader) {
          if (docs.contains(d.id()) || extra++ < others) {
            corpus.append(json.writeValueAsString(Map.of("_id", d.id(), "title", d.title(), "text", d.text())))
                .append('\n');
          }
        }
      }
      Files.writeString(dir.resolve("corpus.jsonl"), corpus);
      StringBuilder q = new StringBuilder();
      for (Map.Entry<String, String> e : data.queries().asMap().entrySet()) {
        if (kept.contains(e.getKey())) {
          q.append(json.writeValueAsString(Map.of("_id", e.getKey(), "text", e.getValue()))).append('\n');
        }
      }
      Files.writeString(dir.resolve("queries.jsonl"), q);
      StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
      kept.forEach(id -> test.judgments(id).forEach((d, g) -> qrels.append(id).append('\t').append(d).append('\t')
          .append(g).append('\n')));
      Files.writeString(dir.resolve("qrels/" + split + ".tsv"), qrels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BeirDataset(dir);
  }
}
