/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import dev.quarry.core.PeakMemory;
import dev.quarry.core.Progress;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.vector.VectorIndex;
import dev.quarry.core.vector.VectorStore;
import dev.quarry.core.vector.VectorStoreWriter;
import dev.quarry.lucene.dense.DenseIndex;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import dev.quarry.lucene.dense.DenseIndexSettings;
import dev.quarry.lucene.dense.DenseSearchSettings;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Vector search at scale on synthetic data: N unit vectors of dimension D drawn around 2,000 random centres (as
 * embeddings cluster by topic; uniform random vectors have no neighbourhoods for a graph to find), and queries drawn
 * the same way. Measures the machine's memory read bandwidth, the exact flat index per query (1 thread) and in
 * batches (all threads), the int8 flat index, and HNSW at several efSearch values, each with recall@10 against the
 * exact top-10.
 *
 * <p>Usage: {@code VectorSearchBenchmark [vectors] [dimension] [queries] [folder]}; the folder keeps the generated
 * data and indexes between runs (default: a temporary folder, deleted at the end).
 */
public final class VectorSearchBenchmark {
  private static final int K = 10;

  private VectorSearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    int queryCount = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    boolean keep = args.length > 3;
    Path dir = keep ? Path.of(args[3]) : Files.createTempDirectory("quarry-vectors");
    int threads = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "%,d vectors x %d dimensions, %d queries, %d threads, Java %s%n", n, dim,
        queryCount, threads, Runtime.version());
    try {
      Path flat = dir.resolve("flat");
      float[][] queries = generate(flat, n, dim, queryCount);
      System.out.printf(Locale.ROOT, "memory read bandwidth: %.1f GB/s on 1 thread, %.1f GB/s on %d threads%n",
          bandwidth(1), bandwidth(threads), threads);

      VectorIndex.Hits[] truth;
      try (VectorIndex exact = DenseIndex.open(flat, DenseSearchSettings.DEFAULTS)) {
        long bytes = (long) n * dim * 4;
        exact.search(queries[0], K); // warm-up: the JIT, and the vectors into the page cache
        double[] single = new double[Math.min(15, queryCount)];
        for (int i = 0; i < single.length; i++) {
          long start = System.nanoTime();
          exact.search(queries[i], K);
          single[i] = (System.nanoTime() - start) / 1e9;
        }
        double median = Bm25EndToEndBenchmark.median(single);
        System.out.printf(Locale.ROOT, "flat float, one query at a time, 1 thread: median %.1f ms/query = %.1f GB/s"
            + " scanned (%.1f queries/s)%n", median * 1e3, bytes / median / 1e9, 1 / median);
        truth = searchAll(exact, queries, threads);
        double qps = medianQueriesPerSecond(exact, queries, threads, 3);
        System.out.printf(Locale.ROOT, "flat float, batches of 32, %d threads: median %.1f queries/s over 3 passes"
            + " (%.1f GB/s per query)%n", threads, qps, qps * bytes / 1e9);
      }
      report(dir, flat, "flat-int8", new DenseIndexSettings(DenseIndexSettings.Structure.FLAT,
          DenseIndexSettings.Quantization.INT8, true, 16, 100), queries, truth, threads, new int[] {0});
      report(dir, flat, "hnsw", new DenseIndexSettings(DenseIndexSettings.Structure.HNSW,
          DenseIndexSettings.Quantization.NONE, true, 16, 100), queries, truth, threads, new int[] {50, 100, 200, 400});
      System.out.printf(Locale.ROOT, "peak resident memory: %s%n", PeakMemory.describe());
    } finally {
      if (!keep) {
        AtomicDirectory.deleteRecursively(dir);
      }
    }
  }

  private static void report(Path dir, Path flat, String label, DenseIndexSettings settings, float[][] queries,
      VectorIndex.Hits[] truth, int threads, int[] efs) throws Exception {
    Path index = dir.resolve(label);
    if (!Files.exists(index.resolve(IndexManifest.FILE_NAME))) {
      long start = System.nanoTime();
      new DenseIndexBuilder(settings, threads).buildFrom(flat, index, true, Progress.NONE);
      System.out.printf(Locale.ROOT, "%s: built in %.1f s%n", label, (System.nanoTime() - start) / 1e9);
    }
    System.out.printf(Locale.ROOT, "%s: %s on disk (float vectors %s)%n", label, size(index, settings),
        size(flat.resolve("vectors.f32")));
    for (int ef : efs) {
      try (VectorIndex vectors = DenseIndex.open(index, new DenseSearchSettings(Math.max(ef, 1), 0))) {
        VectorIndex.Hits[] hits = null;
        for (int pass = 0; pass < 3; pass++) { // warm-up: the JIT, and the index into the page cache
          hits = searchAll(vectors, queries, threads);
        }
        double qps = medianQueriesPerSecond(vectors, queries, threads, 5);
        System.out.printf(Locale.ROOT, "%s%s: median %.1f queries/s over 5 passes on %d threads, recall@10 %.4f%n",
            label, ef > 0 ? " efSearch=" + ef : "", qps, threads, recall(hits, truth));
      }
    }
  }

  private static String size(Path index, DenseIndexSettings settings) throws Exception {
    return switch (settings.structure()) {
      case HNSW -> size(index.resolve("hnsw")) + " Lucene HNSW";
      case FLAT -> size(index.resolve("codes.i8")) + " int8 codes";
    };
  }

  private static String size(Path path) throws Exception {
    long bytes;
    if (Files.isDirectory(path)) {
      try (var files = Files.walk(path)) {
        bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
    } else {
      bytes = Files.size(path);
    }
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }

  private static double medianQueriesPerSecond(VectorIndex index, float[][] queries, int threads, int passes)
      throws Exception {
    double[] qps = new double[passes];
    for (int p = 0; p < passes; p++) {
      long start = System.nanoTime();
      searchAll(index, queries, threads);
      qps[p] = queries.length / ((System.nanoTime() - start) / 1e9);
    }
    return Bm25EndToEndBenchmark.median(qps);
  }

  /** Searches in blocks of 32 queries spread over the threads, as BatchSearch does. */
  private static VectorIndex.Hits[] searchAll(VectorIndex index, float[][] queries, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<VectorIndex.Hits[]>> parts = new ArrayList<>();
      for (int s = 0; s < queries.length; s += 32) {
        float[][] block = Arrays.copyOfRange(queries, s, Math.min(queries.length, s + 32));
        parts.add(pool.submit(() -> index.search(block, K)));
      }
      List<VectorIndex.Hits> all = new ArrayList<>();
      for (Future<VectorIndex.Hits[]> f : parts) {
        all.addAll(Arrays.asList(f.get()));
      }
      return all.toArray(VectorIndex.Hits[]::new);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double recall(VectorIndex.Hits[] hits, VectorIndex.Hits[] truth) {
    double found = 0;
    for (int q = 0; q < hits.length; q++) {
      Set<Long> expected = new HashSet<>();
      for (long r : truth[q].rows()) {
        expected.add(r);
      }
      for (long r : hits[q].rows()) {
        found += expected.contains(r) ? 1 : 0;
      }
    }
    return found / (hits.length * K);
  }

  /** Writes the vectors as a flat dense index (streaming) unless it exists; returns the queries. */
  private static float[][] generate(Path flat, int n, int dim, int queryCount) throws Exception {
    SplittableRandom random = new SplittableRandom(2024);
    float[][] centres = new float[2000][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) gaussian(random);
      }
    }
    float[][] queries = new float[queryCount][];
    for (int q = 0; q < queryCount; q++) {
      queries[q] = around(random, centres[random.nextInt(centres.length)]);
    }
    if (Files.exists(flat.resolve(IndexManifest.FILE_NAME))) {
      return queries;
    }
    Files.createDirectories(flat);
    long start = System.nanoTime();
    try (VectorStoreWriter writer = new VectorStoreWriter(flat.resolve("vectors.f32"), VectorStore.ElementType.FLOAT32,
        dim, "synthetic");
        BufferedWriter ids = Files.newBufferedWriter(flat.resolve("ids.txt"))) {
      for (int i = 0; i < n; i++) {
        writer.add(around(random, centres[random.nextInt(centres.length)]));
        ids.write("v" + i);
        ids.write('\n');
      }
      writer.finish();
    }
    new IndexManifest(DenseIndexBuilder.KIND, n, Map.of("model", "synthetic", "structure", "flat",
        "quantization", "none", "dimension", Integer.toString(dim))).write(flat);
    System.out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return queries;
  }

  private static float[] around(SplittableRandom random, float[] centre) {
    float[] v = new float[centre.length];
    double norm = 0;
    for (int d = 0; d < v.length; d++) {
      v[d] = centre[d] + (float) (gaussian(random) * 0.5);
      norm += v[d] * v[d];
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /**
   * Read bandwidth: each thread sums its own 512 MB long array (long additions vectorize and cost far less than
   * the memory traffic); the best of five passes.
   */
  private static double bandwidth(int threads) throws Exception {
    int words = 64 << 20;
    long[][] arrays = new long[threads][words];
    for (long[] a : arrays) {
      Arrays.fill(a, 1);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double best = 0;
      for (int pass = 0; pass < 5; pass++) {
        long start = System.nanoTime();
        List<Future<Long>> sums = new ArrayList<>();
        for (long[] a : arrays) {
          sums.add(pool.submit(() -> {
            long s0 = 0;
            long s1 = 0;
            long s2 = 0;
            long s3 = 0;
            for (int i = 0; i < a.length; i += 4) {
              s0 += a[i];
              s1 += a[i + 1];
              s2 += a[i + 2];
              s3 += a[i + 3];
            }
            return s0 + s1 + s2 + s3;
          }));
        }
        long total = 0;
        for (Future<Long> f : sums) {
          total += f.get();
        }
        if (total != (long) words * threads) {
          throw new IllegalStateException("bad sum " + total);
        }
        best = Math.max(best, (double) words * 8 * threads / ((System.nanoTime() - start) / 1e9) / 1e9);
      }
      return best;
    } finally {
      pool.shutdownNow();
    }
  }
}
