/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dataset folder in BEIR layout: {@code corpus.jsonl}, {@code queries.jsonl} and {@code qrels/<split>.tsv}
 * (Thakur et al., "BEIR: A Heterogeneous Benchmark for Zero-shot Evaluation of Information Retrieval Models",
 * NeurIPS 2021 Datasets and Benchmarks).
 */
public final class BeirDataset {
  private final Path folder;

  public BeirDataset(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("dataset folder " + folder + " does not exist");
    }
    for (String required : List.of("corpus.jsonl", "queries.jsonl")) {
      if (!Files.isRegularFile(folder.resolve(required))) {
        throw new IllegalArgumentException("dataset folder " + folder + " has no " + required
            + " (a BEIR dataset has corpus.jsonl, queries.jsonl and qrels/<split>.tsv)");
      }
    }
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }

  /** The folder's name, used in cache keys and run tags. */
  public String name() {
    return folder.toAbsolutePath().normalize().getFileName().toString();
  }

  public Path corpusFile() {
    return folder.resolve("corpus.jsonl");
  }

  public CorpusReader openCorpus() {
    return CorpusReader.open(corpusFile());
  }

  /** Document id to its contents (title and text), for a corpus small enough to hold: training and reranking. */
  public Map<String, String> corpusTexts() {
    Map<String, String> texts = new HashMap<>();
    try (CorpusReader reader = openCorpus()) {
      for (Document d : reader) {
        texts.put(d.id(), d.contents());
      }
    }
    return texts;
  }

  public Queries queries() {
    return Queries.read(folder.resolve("queries.jsonl"));
  }

  public Path qrelsFile(String split) {
    Path file = folder.resolve("qrels").resolve(split + ".tsv");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("dataset " + folder + " has no split '" + split + "' (no " + file
          + "); its splits: " + String.join(", ", splits()));
    }
    return file;
  }

  public Qrels qrels(String split) {
    return Qrels.read(qrelsFile(split));
  }

  /** The splits that have a qrels file, sorted. */
  public List<String> splits() {
    Path dir = folder.resolve("qrels");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tsv"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "BeirDataset[" + folder + "]";
  }
}
