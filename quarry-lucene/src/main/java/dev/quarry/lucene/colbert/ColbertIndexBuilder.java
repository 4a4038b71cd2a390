/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.Phase;
import dev.quarry.core.Progress;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import dev.quarry.core.vector.VectorStore;
import dev.quarry.core.vector.VectorStoreWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a ColBERT index (ColBERTv2's compressed index, Santhanam et al., NAACL 2022; searched by PLAID): every
 * passage encoded into token vectors by a {@link TokenEncoder}; centroids by k-means over a sample of them
 * ({@link Centroids}); every token vector stored as its nearest centroid and its residual quantized to 1 or 2 bits
 * a dimension ({@link ResidualCodec}, buckets fitted on held-out vectors, 5% of the sample as in ColBERTv2); and an
 * inverted list from each centroid to the passages with a token there. Built in a temporary folder and moved into
 * place when complete ({@link AtomicDirectory}). Paired with {@link ColbertIndex}.
 *
 * <p>Layout (little-endian, memory-mapped when searched): {@code quarry-index.json} (kind {@value #KIND}; model,
 * dimension, nbits, centroids, tokens, query and passage lengths), {@code ids.txt} (row to document id),
 * {@code doclens.i32} (token vectors per passage), {@code centroids.f32} (a {@code VectorStore}),
 * {@code codes.i32} (each token's centroid), {@code residuals.bit} (a {@code VectorStore} of packed residual codes),
 * {@code ivf.i32} (each centroid's passages, ascending, one after the other) with {@code ivf-offsets.i32} (where
 * each centroid's list starts; centroids + 1 values), {@code codec.json} (the buckets), and with
 * {@code keepFloats} {@code vectors.f32} (every token vector uncompressed: the exact reference).
 */
public final class ColbertIndexBuilder {
  public static final String KIND = "colbert";
  static final String IDS = "ids.txt";
  static final String DOCLENS = "doclens.i32";
  static final String CENTROIDS = "centroids.f32";
  static final String CODES = "codes.i32";
  static final String RESIDUALS = "residuals.bit";
  static final String IVF = "ivf.i32";
  static final String IVF_OFFSETS = "ivf-offsets.i32";
  static final String CODEC = "codec.json";
  static final String VECTORS = "vectors.f32";
  /** Passages held in memory at once while encoding. */
  private static final int WINDOW = 2048;
  private static final int SLICE = 128;
  /** ColBERTv2 holds out 5% of the sample, at most 50,000 vectors, to fit the buckets. */
  private static final double HELD_OUT = 0.05;
  private static final int MAX_HELD_OUT = 50_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ColbertIndexSettings settings;
  private final int threads;

  public ColbertIndexBuilder(ColbertIndexSettings settings, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive; got " + threads);
    }
    this.settings = settings;
    this.threads = threads;
  }

  /**
   * Encodes the corpus with {@code encoder} and builds the index at {@code target}, reporting three phases: encoding
   * (passages), clustering (k-means iterations, at most) and indexing (token vectors compressed).
   */
  public IndexManifest build(Path corpus, TokenEncoder encoder, int passageLength, Path target, boolean overwrite,
      ProgressFactory progress) {
    try (AtomicDirectory out = AtomicDirectory.create(target, overwrite, IndexManifest.FILE_NAME)) {
      Path dir = out.path();
      int[] doclens;
      try (ProgressFactory.Tracker encoding = progress.start(Phase.ENCODING, CorpusReader.countDocuments(corpus))) {
        doclens = encode(corpus, encoder, dir, encoding);
      }
      IndexManifest manifest;
      try (VectorStore floats = VectorStore.open(dir.resolve(VECTORS))) {
        manifest = compress(floats, doclens, dir, progress, encoder, passageLength);
      }
      if (!settings.keepFloats()) {
        Files.delete(dir.resolve(VECTORS));
      }
      manifest.write(dir);
      out.commit();
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the ColBERT index " + target + ": " + e.getMessage(), e);
    }
  }

  /** Streams the corpus through the encoder into {@code vectors.f32}, {@code ids.txt} and the passage lengths. */
  private int[] encode(Path corpus, TokenEncoder encoder, Path dir, Progress progress) throws IOException {
    List<Integer> lengths = new ArrayList<>();
    try (CorpusReader reader = CorpusReader.open(corpus);
        VectorStoreWriter vectors = new VectorStoreWriter(dir.resolve(VECTORS), VectorStore.ElementType.FLOAT32,
            encoder.dimension(), encoder.modelId());
        BufferedWriter ids = Files.newBufferedWriter(dir.resolve(IDS), StandardCharsets.UTF_8)) {
      List<String> windowIds = new ArrayList<>();
      List<String> windowTexts = new ArrayList<>();
      for (Document doc : reader) {
        if (doc.id().indexOf('\n') >= 0 || doc.id().indexOf('\r') >= 0) {
          throw new IllegalArgumentException(corpus + ": document id '" + doc.id() + "' contains a line break");
        }
        windowIds.add(doc.id());
        windowTexts.add(doc.contents());
        if (windowIds.size() == WINDOW) {
          flush(encoder, windowIds, windowTexts, vectors, ids, lengths, progress);
        }
      }
      flush(encoder, windowIds, windowTexts, vectors, ids, lengths, progress);
      vectors.finish();
    }
    if (lengths.isEmpty()) {
      throw new IllegalArgumentException(corpus + ": no documents to index");
    }
    int[] doclens = lengths.stream().mapToInt(Integer::intValue).toArray();
    try (IntFile.Writer w = new IntFile.Writer(dir.resolve(DOCLENS))) {
      for (int length : doclens) {
        w.add(length);
      }
    }
    return doclens;
  }

  private static void flush(TokenEncoder encoder, List<String> ids, List<String> texts, VectorStoreWriter vectors,
      BufferedWriter idsOut, List<Integer> lengths, Progress progress) throws IOException {
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
    TokenVectors[] encoded = new TokenVectors[order.length];
    for (int start = 0; start < order.length; start += SLICE) {
      int end = Math.min(order.length, start + SLICE);
      List<String> slice = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        slice.add(texts.get(order[i]));
      }
      TokenVectors[] sliceVectors = encoder.encodePassages(slice);
      for (int i = start; i < end; i++) {
        encoded[order[i]] = sliceVectors[i - start];
      }
      progress.advance(end - start);
    }
    for (int i = 0; i < encoded.length; i++) {
      TokenVectors v = encoded[i];
      for (int t = 0; t < v.count(); t++) {
        vectors.add(v.row(t));
      }
      lengths.add(v.count());
      idsOut.write(ids.get(i));
      idsOut.write('\n');
    }
    ids.clear();
    texts.clear();
  }

  /** Centroids, codec, codes, residuals and inverted lists from the float token vectors. */
  private IndexManifest compress(VectorStore floats, int[] doclens, Path dir, ProgressFactory progress,
      TokenEncoder encoder, int passageLength) throws IOException {
    long tokens = floats.count();
    int d = floats.dimension();
    int k = (int) Math.min(tokens, settings.centroids() > 0 ? settings.centroids() : Centroids.defaultCount(tokens));
    int heldOut = (int) Math.min(MAX_HELD_OUT, Math.max(1, Math.round(HELD_OUT * Math.min(tokens,
        (long) k * settings.pointsPerCentroid()))));
    long sampleSize = Math.min(tokens, (long) k * settings.pointsPerCentroid() + heldOut);
    float[][] sample = sample(floats, (int) sampleSize);
    float[][] training = Arrays.copyOfRange(sample, 0, Math.max(k, sample.length - heldOut));
    float[][] held = Arrays.copyOfRange(sample, Math.max(k, sample.length - heldOut), sample.length);
    Centroids centroids;
    try (ProgressFactory.Tracker clustering = progress.start(Phase.CLUSTERING, settings.iterations())) {
      centroids = Centroids.fit(training, k, settings.iterations(), settings.seed(), clustering);
    }
    try (VectorStoreWriter w = new VectorStoreWriter(dir.resolve(CENTROIDS), VectorStore.ElementType.FLOAT32, d,
        floats.modelId())) {
      for (int c = 0; c < k; c++) {
        w.add(centroids.get(c));
      }
      w.finish();
    }
    float[][] fitOn = held.length > 0 ? held : training;
    float[] residualValues = new float[fitOn.length * d];
    for (int i = 0; i < fitOn.length; i++) {
      float[] c = centroids.get(centroids.nearest(fitOn[i]));
      for (int j = 0; j < d; j++) {
        residualValues[i * d + j] = fitOn[i][j] - c[j];
      }
    }
    ResidualCodec codec = ResidualCodec.fit(settings.nbits(), d, residualValues);
    Map<String, Object> codecJson = new LinkedHashMap<>();
    codecJson.put("nbits", codec.nbits());
    codecJson.put("cutoffs", codec.cutoffs());
    codecJson.put("weights", codec.weights());
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CODEC).toFile(), codecJson);

    int[] codes;
    try (ProgressFactory.Tracker indexing = progress.start(Phase.INDEXING, tokens)) {
      codes = assign(floats, centroids, codec, dir, indexing);
    }
    writeInvertedLists(codes, doclens, k, dir);

    Map<String, String> info = new LinkedHashMap<>();
    info.put("model", encoder.modelId());
    info.put("dimension", Integer.toString(d));
    info.put("nbits", Integer.toString(codec.nbits()));
    info.put("centroids", Integer.toString(k));
    info.put("tokens", Long.toString(tokens));
    info.put("kmeansSample", Integer.toString(training.length));
    info.put("kmeansIterations", Integer.toString(settings.iterations()));
    info.put("queryLength", Integer.toString(encoder.queryLength()));
    info.put("passageLength", Integer.toString(passageLength));
    info.put("truncated", Long.toString(encoder.truncatedPassages()));
    info.put("floats", Boolean.toString(settings.keepFloats()));
    return new IndexManifest(KIND, doclens.length, info);
  }

  /** {@code size} distinct token vectors drawn with the seed (a partial Fisher-Yates shuffle of the rows). */
  private float[][] sample(VectorStore floats, int size) {
    long tokens = floats.count();
    SplittableRandom random = new SplittableRandom(settings.seed());
    Map<Long, Long> swapped = new java.util.HashMap<>();
    float[][] out = new float[size][floats.dimension()];
    for (int i = 0; i < size; i++) {
      long j = i + random.nextLong(tokens - i);
      long atJ = swapped.getOrDefault(j, j);
      swapped.put(j, swapped.getOrDefault((long) i, (long) i));
      floats.readFloats(atJ, out[i]);
    }
    return out;
  }

  /** Each token's nearest centroid and residual code, computed in parallel blocks and written in order. */
  private int[] assign(VectorStore floats, Centroids centroids, ResidualCodec codec, Path dir, Progress progress) {
    long tokens = floats.count();
    if (tokens > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(tokens + " token vectors; an index holds at most " + Integer.MAX_VALUE);
    }
    int[] codes = new int[(int) tokens];
    int block = 4096;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (VectorStoreWriter residuals = new VectorStoreWriter(dir.resolve(RESIDUALS), VectorStore.ElementType.BIT,
        codec.dimension() * codec.nbits(), floats.modelId())) {
      for (long from = 0; from < tokens; from += (long) block * threads) {
        List<Future<byte[][]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long start = from + (long) t * block;
          long end = Math.min(tokens, start + block);
          if (start >= end) {
            break;
          }
          parts.add(pool.submit(() -> {
            byte[][] packed = new byte[(int) (end - start)][codec.bytesPerVector()];
            float[] v = new float[floats.dimension()];
            for (long r = start; r < end; r++) {
              floats.readFloats(r, v);
              int c = centroids.nearest(v);
              codes[(int) r] = c;
              codec.encode(v, centroids.get(c), packed[(int) (r - start)]);
            }
            return packed;
          }));
        }
        for (Future<byte[][]> part : parts) {
          byte[][] packed = part.get();
          for (byte[] p : packed) {
            residuals.addBytes(p);
          }
          progress.advance(packed.length);
        }
      }
      residuals.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ColBERT indexing interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    try (IntFile.Writer w = new IntFile.Writer(dir.resolve(CODES))) {
      for (int c : codes) {
        w.add(c);
      }
    }
    return codes;
  }

  /** Each centroid's passages (ascending, once each), and where each list starts. */
  private static void writeInvertedLists(int[] codes, int[] doclens, int k, Path dir) {
    int[] counts = new int[k];
    int[] lastDoc = new int[k];
    Arrays.fill(lastDoc, -1);
    int token = 0;
    for (int doc = 0; doc < doclens.length; doc++) {
      for (int t = 0; t < doclens[doc]; t++, token++) {
        int c = codes[token];
        if (lastDoc[c] != doc) {
          lastDoc[c] = doc;
          counts[c]++;
        }
      }
    }
    int[] offsets = new int[k + 1];
    for (int c = 0; c < k; c++) {
      offsets[c + 1] = offsets[c] + counts[c];
    }
    int[] lists = new int[offsets[k]];
    int[] next = Arrays.copyOf(offsets, k);
    Arrays.fill(lastDoc, -1);
    token = 0;
    for (int doc = 0; doc < doclens.length; doc++) {
      for (int t = 0; t < doclens[doc]; t++, token++) {
        int c = codes[token];
        if (lastDoc[c] != doc) {
          lastDoc[c] = doc;
          lists[next[c]++] = doc;
        }
      }
    }
    try (IntFile.Writer w = new IntFile.Writer(dir.resolve(IVF))) {
      for (int doc : lists) {
        w.add(doc);
      }
    }
    try (IntFile.Writer w = new IntFile.Writer(dir.resolve(IVF_OFFSETS))) {
      for (int o : offsets) {
        w.add(o);
      }
    }
  }

  @Override
  public String toString() {
    return "ColbertIndexBuilder[" + settings + ", threads=" + threads + "]";
  }
}
