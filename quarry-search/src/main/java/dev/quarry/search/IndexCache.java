/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.Phase;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.ContentDigest;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where Quarry keeps what it builds for a corpus, so that no later command builds it again: BM25 indexes, encoded
 * corpora, dense index structures, and teacher scores. The root is the folder given, else {@code $QUARRY_CACHE},
 * else {@code ~/.cache/quarry}. Every entry is named by what determines its content: the corpus file's content
 * digest, the model's fingerprint (a folder's is a digest of its weights) and the build settings. A corpus edited in
 * place, a copy with the same folder name, a retrained model or another setting therefore gets a new entry and is
 * never answered from a stale one. Entries are built atomically (see {@link dev.quarry.core.io.AtomicDirectory}).
 * Thread-safe for distinct entries.
 */
public final class IndexCache {
  /** What the cache gave: the entry's folder, its manifest, and whether it was built now (and how long that took). */
  public record Entry(Path path, IndexManifest manifest, boolean built, long nanos) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  public IndexCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The cache at {@code override}, else at {@code $QUARRY_CACHE}, else at {@code ~/.cache/quarry}. */
  public static IndexCache at(Path override) {
    if (override != null) {
      return new IndexCache(override);
    }
    String env = System.getenv("QUARRY_CACHE");
    if (env != null && !env.isBlank()) {
      return new IndexCache(Path.of(env));
    }
    return new IndexCache(Path.of(System.getProperty("user.home"), ".cache", "quarry"));
  }

  public Path root() {
    return root;
  }

  /** The BM25 index of {@code corpus} (Anserini's analysis), built unless a complete one exists or when asked to. */
  public Entry bm25(Path corpus, boolean rebuild, ProgressFactory progress) {
    Path index = entry("indexes", corpus, "bm25", "bm25;" + Analyzers.ENGLISH);
    if (!rebuild && complete(index)) {
      return new Entry(index, IndexManifest.read(index), false, 0);
    }
    long start = System.nanoTime();
    IndexManifest manifest;
    try (ProgressFactory.Tracker p = progress.start(Phase.INDEXING, CorpusReader.countDocuments(corpus))) {
      manifest = new Bm25IndexBuilder().build(corpus, index, true, p);
    }
    return new Entry(index, manifest, true, System.nanoTime() - start);
  }

  /**
   * {@code corpus} encoded by {@code encoder} into a flat index, and, for any other structure, that structure built
   * from those vectors (each cached on its own, so one encoding serves every structure).
   */
  public Entry dense(Path corpus, OnnxEncoder encoder, DenseIndexSettings settings, int threads, boolean rebuild,
      ProgressFactory progress) {
    Entry encoded = encoded(corpus, encoder, threads, rebuild, progress);
    return settings.equals(DenseIndexSettings.FLAT) ? encoded
        : structure(encoded, corpus, encoder, settings, threads, rebuild, progress);
  }

  /** {@code corpus} encoded by {@code encoder}: a flat index of exact float vectors. */
  public Entry encoded(Path corpus, OnnxEncoder encoder, int threads, boolean rebuild, ProgressFactory progress) {
    Path encoded = entry("indexes", corpus, shortName(encoder), model(encoder));
    if (!rebuild && complete(encoded)) {
      return new Entry(encoded, IndexManifest.read(encoded), false, 0);
    }
    long start = System.nanoTime();
    IndexManifest manifest;
    try (ProgressFactory.Tracker encoding = progress.start(Phase.ENCODING, CorpusReader.countDocuments(corpus))) {
      manifest = new DenseIndexBuilder(DenseIndexSettings.FLAT, threads).build(corpus, encoder, encoded, true,
          encoding, dev.quarry.core.Progress.NONE);
    }
    return new Entry(encoded, manifest, true, System.nanoTime() - start);
  }

  /** A quantized or HNSW structure built from the vectors of {@link #encoded}. */
  public Entry structure(Entry encoded, Path corpus, OnnxEncoder encoder, DenseIndexSettings settings, int threads,
      boolean rebuild, ProgressFactory progress) {
    Path index = entry("indexes", corpus, shortName(encoder) + "-" + settings.label(), model(encoder) + ";"
        + settings);
    if (!rebuild && complete(index)) {
      return new Entry(index, IndexManifest.read(index), false, 0);
    }
    long start = System.nanoTime();
    IndexManifest manifest;
    try (ProgressFactory.Tracker p = progress.start(Phase.INDEXING, encoded.manifest().documents())) {
      manifest = new DenseIndexBuilder(settings, threads).buildFrom(encoded.path(), index, true, p);
    }
    return new Entry(index, manifest, true, System.nanoTime() - start);
  }

  /**
   * {@code corpus} encoded by a ColBERT model into a compressed late-interaction index (cached per corpus content,
   * model weights, passage length and index settings).
   */
  public Entry colbert(Path corpus, OnnxColbertEncoder encoder, ColbertIndexSettings settings, int threads,
      boolean rebuild, ProgressFactory progress) {
    String name = encoder.model().shortName().replaceAll("[^A-Za-z0-9._-]", "_") + "-colbert-" + settings.nbits()
        + "bit";
    Path index = entry("indexes", corpus, name, "colbert;" + encoder.model().fingerprint() + ";passage="
        + encoder.passageLength() + ";query=" + encoder.queryLength() + ";" + settings);
    if (!rebuild && complete(index)) {
      return new Entry(index, IndexManifest.read(index), false, 0);
    }
    long start = System.nanoTime();
    IndexManifest manifest;
    manifest = new ColbertIndexBuilder(settings, threads).build(corpus, encoder, encoder.passageLength(), index, true,
        progress);
    return new Entry(index, manifest, true, System.nanoTime() - start);
  }

  private static String model(OnnxEncoder encoder) {
    return "dense;" + encoder.model().fingerprint() + ";" + encoder.recipe();
  }

  /** The folder of teacher-score files for {@code corpus}: one file per teacher (see the rerank package). */
  public Path teachers(Path corpus) {
    return entry("teachers", corpus, "scores", "");
  }

  /** {@code root/<area>/<dataset>-<label>-<digest of the corpus content and the settings>}. */
  private Path entry(String area, Path corpus, String label, String settings) {
    String corpusDigest = ContentDigest.of(corpus);
    String key = ContentDigest.of(corpusDigest + "\n" + settings);
    Path entry = root.resolve(area).resolve(datasetName(corpus) + "-" + label + "-" + key);
    Path source = sourceFile(entry);
    if (!Files.exists(source)) {
      try {
        Files.createDirectories(entry.getParent());
        Map<String, String> about = new LinkedHashMap<>();
        about.put("corpus", corpus.toAbsolutePath().normalize().toString());
        about.put("corpus_digest", corpusDigest);
        about.put("settings", settings);
        Files.writeString(source, JSON.writeValueAsString(about));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + source + ": " + e.getMessage(), e);
      }
    }
    return entry;
  }

  /** Where an entry records what it was made from: the corpus (path and content digest) and the settings. */
  private static Path sourceFile(Path entry) {
    return entry.resolveSibling(entry.getFileName() + ".json");
  }

  /**
   * An entry of the cache as {@code quarry cache list} shows it.
   *
   * @param corpus the corpus it was made from, or null when unknown (made by an older Quarry)
   * @param stale its corpus is gone or no longer holds what it held (the entry can never be used again)
   */
  public record Listed(Path path, String area, long bytes, Path corpus, boolean stale) {}

  /** Every entry, indexes and teacher scores, with its size and whether its corpus has changed since. */
  public List<Listed> list() {
    List<Listed> entries = new ArrayList<>();
    for (String area : List.of("indexes", "teachers")) {
      Path folder = root.resolve(area);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> children = Files.list(folder)) {
        for (Path entry : children.filter(Files::isDirectory).sorted().toList()) {
          Path corpus = null;
          boolean stale = true;
          Path source = sourceFile(entry);
          if (Files.isRegularFile(source)) {
            JsonNode about = JSON.readTree(source.toFile());
            corpus = Path.of(about.path("corpus").asText());
            stale = !Files.isRegularFile(corpus)
                || !ContentDigest.of(corpus).equals(about.path("corpus_digest").asText());
          }
          entries.add(new Listed(entry, area, bytes(entry), corpus, stale));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  /** Deletes every entry, or only the stale ones; returns what was deleted. */
  public List<Listed> clear(boolean staleOnly) {
    List<Listed> deleted = new ArrayList<>();
    for (Listed entry : list()) {
      if (staleOnly && !entry.stale()) {
        continue;
      }
      try {
        AtomicDirectory.deleteRecursively(entry.path());
        Files.deleteIfExists(sourceFile(entry.path()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + entry.path() + ": " + e.getMessage(), e);
      }
      deleted.add(entry);
    }
    return deleted;
  }

  private static long bytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static boolean complete(Path index) {
    return Files.isRegularFile(index.resolve(IndexManifest.FILE_NAME));
  }

  /** The name of the folder a corpus file is in (a BEIR dataset's name), or the file's own name. */
  private static String datasetName(Path corpus) {
    Path absolute = corpus.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    String name = absolute.getFileName().toString().startsWith("corpus.") && parent != null
        ? parent.getFileName().toString() : absolute.getFileName().toString();
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String shortName(OnnxEncoder encoder) {
    return encoder.model().shortName().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public String toString() {
    return "IndexCache[" + root + "]";
  }
}
