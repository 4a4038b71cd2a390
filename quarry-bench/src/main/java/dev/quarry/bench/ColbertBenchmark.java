/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.bench;

import dev.quarry.core.PeakMemory;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.Queries;
import dev.quarry.core.vector.MaxSim;
import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.core.vector.VectorIndex;
import dev.quarry.lucene.colbert.ColbertIndex;
import dev.quarry.lucene.colbert.ColbertIndexBuilder;
import dev.quarry.lucene.colbert.ColbertIndexSettings;
import dev.quarry.lucene.colbert.PlaidSearcher;
import dev.quarry.lucene.colbert.PlaidSettings;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.BertWeights;
import dev.quarry.train.colbert.ColbertModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * ColBERT's speed and size, one run each (issue 16), in five modes:
 *
 * <ul>
 *   <li>{@code recompress INDEX NBITS OUT}: the same index built again from the token vectors another index kept
 *       ({@code --keep-floats}), at another residual width and with its floats, without encoding the corpus again;
 *   <li>{@code head BASE_MODEL OUT [seed]}: a ColBERT model with a new, untrained projection on a dense model's
 *       weights (the one {@code quarry train} starts from with that seed), exported as training exports it, for
 *       the correctness and speed figures before a trained model exists;
 *   <li>{@code search INDEX DATASET [queries]}: on the dataset's test queries, the index's bytes per token vector and in all against the floats,
 *       PLAID (k = 10, ColBERTv2's defaults) against exhaustive MaxSim over the same vectors on one thread: latency
 *       median and p95, the share of queries whose top 10 agree, and with kept floats the 2-bit error of each
 *       query's top 10;
 *   <li>{@code encode MODEL_DIR BASE_MODEL DATASET [passages]}: passages/s of the ColBERT encoder against the dense
 *       encoder of its base model on the same passages and threads;
 *   <li>{@code synthetic VECTORS [queries]}: the same search figures on clustered synthetic token vectors (40 a
 *       passage around 4,000 topics), at the 1M-token-vector scale point.
 * </ul>
 */
public final class ColbertBenchmark {
  private ColbertBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ColbertBenchmark head BASE OUT [seed] | recompress INDEX NBITS OUT | search INDEX DATASET [queries] | encode"
          + " MODEL_DIR BASE DATASET [passages] | synthetic VECTORS [queries]");
      System.exit(2);
    }
    switch (args[0]) {
      case "head" -> head(args[1], Path.of(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 42);
      case "recompress" -> recompress(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
      case "search" -> search(Path.of(args[1]), args[2], args.length > 3 ? Integer.parseInt(args[3]) : 300);
      case "encode" -> encode(args[1], args[2], args[3], args.length > 4 ? Integer.parseInt(args[4]) : 512);
      case "synthetic" -> synthetic(Long.parseLong(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 100);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    System.out.println("peak memory: " + PeakMemory.describe());
  }

  private static void head(String base, Path out, long seed) {
    ModelSource source = ModelRegistry.resolve(base);
    try (ColbertModel model = new ColbertModel(new BertEncoder(source, BertWeights.load(source),
        ColbertModel.QUERY_LENGTH, ColbertModel.INDEX_LENGTH, 8), null, ColbertModel.QUERY_LENGTH,
        ColbertModel.INDEX_LENGTH, ColbertModel.INDEX_LENGTH, seed)) {
      model.export(out);
    }
    System.out.println("ColBERT model on " + base + " with an untrained projection (seed " + seed + ") in " + out);
  }

  private static void recompress(Path from, int nbits, Path out) throws IOException {
    Path corpus = Files.createTempFile("colbert-rows", ".tsv");
    try (ColbertIndex index = ColbertIndex.open(from)) {
      if (!index.hasFloats()) {
        throw new IllegalArgumentException(from + " kept no float vectors (build it with --keep-floats)");
      }
      StringBuilder rows = new StringBuilder();
      for (int doc = 0; doc < index.documents(); doc++) {
        rows.append(index.id(doc)).append('\t').append(doc).append('\n');
      }
      Files.writeString(corpus, rows);
      long start = System.nanoTime();
      new ColbertIndexBuilder(ColbertIndexSettings.DEFAULTS.withNbits(nbits).withKeepFloats(true),
          Runtime.getRuntime().availableProcessors()).build(corpus, new Stored(index), Integer.parseInt(
              index.manifest().setting("passageLength")), out, false, ProgressFactory.NONE);
      System.out.printf(Locale.ROOT, "compressed %,d token vectors at %d bits in %.0f s%n", index.tokens(), nbits,
          (System.nanoTime() - start) / 1e9);
    } finally {
      Files.delete(corpus);
    }
  }

  private static void search(Path dir, String dataset, int count) throws IOException {
    BeirDataset data = DatasetLocator.locate(dataset);
    Queries test = data.queries().filter(data.qrels("test")::contains);
    List<String> texts = new ArrayList<>(test.asMap().values());
    texts = texts.subList(0, Math.min(count, texts.size()));
    try (ColbertIndex index = ColbertIndex.open(dir);
        OnnxColbertEncoder encoder = new OnnxColbertEncoder(ModelRegistry.resolve(index.manifest().setting("model")),
            2, 2, 1, 0)) {
      size(dir, index);
      measure(index, encoder.encodeQueries(texts));
    }
  }

  private static void size(Path dir, ColbertIndex index) throws IOException {
    long total;
    try (Stream<Path> files = Files.list(dir)) {
      total = files.filter(f -> !f.getFileName().toString().equals("vectors.f32")).mapToLong(f -> f.toFile().length())
          .sum();
    }
    long tokens = index.tokens();
    long floats = tokens * index.dimension() * 4L;
    System.out.printf(Locale.ROOT, "index: %,d passages, %,d token vectors, %,d centroids, %d-bit residuals%n",
        index.documents(), tokens, index.centroids().count(), index.codec().nbits());
    System.out.printf(Locale.ROOT, "bytes per token vector: %d (4-byte centroid id + %d bytes of residual) vs %d as"
        + " floats%n", 4 + index.codec().bytesPerVector(), index.codec().bytesPerVector(), index.dimension() * 4);
    System.out.printf(Locale.ROOT, "whole index (without vectors.f32): %,d bytes = %.1f per token vector; floats alone"
        + " %,d bytes (%.1fx)%n", total, (double) total / tokens, floats, (double) floats / total);
  }

  private static void measure(ColbertIndex index, TokenVectors[] queries) {
    PlaidSearcher searcher = new PlaidSearcher(index);
    for (int i = 0; i < Math.min(3, queries.length); i++) {
      searcher.search(queries[i], 10, PlaidSettings.DEFAULTS);
      searcher.exhaustive(queries[i], 10, false);
    }
    double[] plaid = new double[queries.length];
    double[] exhaustive = new double[queries.length];
    int same = 0;
    double errorSum = 0;
    double worst = 0;
    int errors = 0;
    for (int i = 0; i < queries.length; i++) {
      long start = System.nanoTime();
      VectorIndex.Hits a = searcher.search(queries[i], 10, PlaidSettings.DEFAULTS);
      plaid[i] = (System.nanoTime() - start) / 1e6;
      start = System.nanoTime();
      VectorIndex.Hits b = searcher.exhaustive(queries[i], 10, false);
      exhaustive[i] = (System.nanoTime() - start) / 1e6;
      same += Arrays.equals(a.rows(), b.rows()) ? 1 : 0;
      if (index.hasFloats()) {
        for (long doc : b.rows()) {
          float exact = MaxSim.exact(queries[i], index.floats((int) doc), 0, index.length((int) doc));
          float compressed = MaxSim.exact(queries[i], index.decompress((int) doc), 0, index.length((int) doc));
          double error = Math.abs(compressed - exact) / Math.abs(exact);
          errorSum += error;
          worst = Math.max(worst, error);
          errors++;
        }
      }
      if ((i + 1) % 10 == 0) {
        System.err.printf(Locale.ROOT, "%d of %d queries: top 10 agree for %d; mean relative error %.3f%%%n", i + 1,
            queries.length, same, errors == 0 ? 0 : 100 * errorSum / errors);
      }
    }
    Arrays.sort(plaid);
    Arrays.sort(exhaustive);
    System.out.printf(Locale.ROOT, "PLAID (k=10, defaults): median %.1f ms, p95 %.1f ms; exhaustive MaxSim: median %.1f"
        + " ms, p95 %.1f ms; %.1fx at the median%n", percentile(plaid, 0.5), percentile(plaid, 0.95),
        percentile(exhaustive, 0.5), percentile(exhaustive, 0.95), percentile(exhaustive, 0.5) / percentile(plaid, 0.5));
    System.out.printf(Locale.ROOT, "PLAID's top 10 = exhaustive top 10 for %d of %d queries (%.1f%%)%n", same,
        queries.length, 100.0 * same / queries.length);
    if (errors > 0) {
      System.out.printf(Locale.ROOT, "%d-bit MaxSim vs floats over each query's top 10: mean relative error %.3f%%,"
          + " worst %.3f%%%n", index.codec().nbits(), 100 * errorSum / errors, 100 * worst);
    }
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
  }

  private static void encode(String model, String base, String dataset, int count) {
    List<String> passages = new ArrayList<>();
    try (CorpusReader reader = DatasetLocator.locate(dataset).openCorpus()) {
      for (Document d : reader) {
        if (passages.size() == count) {
          break;
        }
        passages.add(d.contents());
      }
    }
    int threads = Runtime.getRuntime().availableProcessors();
    ModelSource colbert = ModelRegistry.resolve(model);
    try (OnnxColbertEncoder late = new OnnxColbertEncoder(colbert, 2, threads, 1, 0);
        OnnxEncoder dense = new OnnxEncoder(ModelRegistry.resolve(base), 2, threads, late.passageLength())) {
      late.encodePassages(passages.subList(0, 16));
      dense.encodePassages(passages.subList(0, 16));
      long start = System.nanoTime();
      dense.encodePassages(passages);
      double denseRate = passages.size() / ((System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      late.encodePassages(passages);
      double lateRate = passages.size() / ((System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "%d passages at %d tokens on %d threads: ColBERT %.1f passages/s, dense %s %.1f"
          + " passages/s (%.2fx)%n", passages.size(), late.passageLength(), threads, lateRate, base, denseRate,
          lateRate / denseRate);
    }
  }

  private static void synthetic(long vectors, int count) throws IOException {
    int tokens = 40;
    int passages = (int) (vectors / tokens);
    Path dir = Files.createTempDirectory("colbert-bench");
    Path corpus = dir.resolve("corpus.tsv");
    StringBuilder text = new StringBuilder();
    for (int p = 0; p < passages; p++) {
      text.append('d').append(p).append("\tp").append(p).append('\n');
    }
    Files.writeString(corpus, text);
    Synthetic encoder = new Synthetic(4000, tokens);
    long start = System.nanoTime();
    new ColbertIndexBuilder(ColbertIndexSettings.DEFAULTS, Runtime.getRuntime().availableProcessors()).build(corpus,
        encoder, 300, dir.resolve("index"), false, ProgressFactory.NONE);
    System.out.printf(Locale.ROOT, "built in %.0f s%n", (System.nanoTime() - start) / 1e9);
    try (ColbertIndex index = ColbertIndex.open(dir.resolve("index"))) {
      size(dir.resolve("index"), index);
      List<String> texts = new ArrayList<>();
      for (int q = 0; q < count; q++) {
        texts.add("q" + (long) q * 7919 % passages);
      }
      measure(index, encoder.encodeQueries(texts));
    } finally {
      dev.quarry.core.io.AtomicDirectory.deleteRecursively(dir);
    }
  }

  /** The token vectors an index kept, by row: the passage "17" is the index's 18th passage. */
  private static final class Stored implements TokenEncoder {
    private final ColbertIndex index;

    Stored(ColbertIndex index) {
      this.index = index;
    }

    @Override
    public String modelId() {
      return index.manifest().setting("model");
    }

    @Override
    public int dimension() {
      return index.dimension();
    }

    @Override
    public int queryLength() {
      return Integer.parseInt(index.manifest().setting("queryLength"));
    }

    @Override
    public TokenVectors[] encodeQueries(List<String> queries) {
      throw new UnsupportedOperationException("stored passage vectors only");
    }

    @Override
    public TokenVectors[] encodePassages(List<String> passages) {
      return passages.stream().map(p -> new TokenVectors(index.floats(Integer.parseInt(p)), index.dimension()))
          .toArray(TokenVectors[]::new);
    }

    @Override
    public long truncatedQueries() {
      return 0;
    }

    @Override
    public long truncatedPassages() {
      return 0;
    }

    @Override
    public void close() {}
  }

  /** Token vectors clustered around topics, as a trained ColBERT's are; "p17" a passage, "q17" a query about it. */
  private static final class Synthetic implements TokenEncoder {
    private final float[][] topics;
    private final int tokens;

    Synthetic(int topicCount, int tokens) {
      this.tokens = tokens;
      SplittableRandom random = new SplittableRandom(5);
      topics = new float[topicCount][];
      for (int t = 0; t < topicCount; t++) {
        topics[t] = unit(random, null, 1);
      }
    }

    private static float[] unit(SplittableRandom random, float[] center, double noise) {
      float[] v = new float[128];
      double norm = 0;
      for (int j = 0; j < v.length; j++) {
        double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        v[j] = (float) ((center == null ? 0 : center[j]) + noise * g);
        norm += v[j] * v[j];
      }
      for (int j = 0; j < v.length; j++) {
        v[j] /= (float) Math.sqrt(norm);
      }
      return v;
    }

    private TokenVectors vectors(int passage, int count, long salt) {
      SplittableRandom of = new SplittableRandom(passage);
      int[] own = new int[6];
      for (int i = 0; i < own.length; i++) {
        own[i] = of.nextInt(topics.length);
      }
      SplittableRandom noise = new SplittableRandom(passage * 31L + salt + 7);
      float[] values = new float[count * 128];
      for (int t = 0; t < count; t++) {
        System.arraycopy(unit(noise, topics[own[noise.nextInt(own.length)]], 0.04), 0, values, t * 128, 128);
      }
      return new TokenVectors(values, 128);
    }

    @Override
    public String modelId() {
      return "synthetic";
    }

    @Override
    public int dimension() {
      return 128;
    }

    @Override
    public int queryLength() {
      return 32;
    }

    @Override
    public TokenVectors[] encodeQueries(List<String> queries) {
      return queries.stream().map(q -> vectors(Integer.parseInt(q.substring(1)), 32, 1_000_003L))
          .toArray(TokenVectors[]::new);
    }

    @Override
    public TokenVectors[] encodePassages(List<String> passages) {
      return passages.stream().map(p -> vectors(Integer.parseInt(p.substring(1)), tokens, 0))
          .toArray(TokenVectors[]::new);
    }

    @Override
    public long truncatedQueries() {
      return 0;
    }

    @Override
    public long truncatedPassages() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
