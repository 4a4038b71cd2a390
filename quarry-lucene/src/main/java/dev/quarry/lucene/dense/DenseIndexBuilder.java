/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.dense;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.Progress;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.vector.BinaryQuantizer;
import dev.quarry.core.vector.CorpusEncoder;
import dev.quarry.core.vector.Encoder;
import dev.quarry.core.vector.ScalarQuantizer;
import dev.quarry.core.vector.VectorStore;
import dev.quarry.core.vector.VectorStoreWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Builds a dense index: encodes a corpus into float vectors (or takes them from an existing dense index, so that a
 * corpus is encoded once per model), then adds the structure the settings ask for. Built in a temporary folder and
 * moved into place when complete ({@link AtomicDirectory}). Paired with {@link DenseIndex}.
 *
 * <p>Layout: {@code quarry-index.json} (kind {@value #KIND}; model, dimension, structure, quantization),
 * {@code vectors.f32} (a {@link VectorStore} of floats, always kept: exact scoring and re-scoring read it),
 * {@code ids.txt} (row to document id); for a quantized flat index {@code codes.i8} or {@code codes.bit} with
 * {@code quantizer.json}; for HNSW a Lucene index in {@code hnsw/} whose documents hold the vector and its row.
 */
public final class DenseIndexBuilder {
  public static final String KIND = "dense";
  static final String VECTORS = "vectors.f32";
  static final String IDS = "ids.txt";
  static final String INT8_CODES = "codes.i8";
  static final String BINARY_CODES = "codes.bit";
  static final String QUANTIZER = "quantizer.json";
  static final String HNSW = "hnsw";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DenseIndexSettings settings;
  private final int threads;

  public DenseIndexBuilder(DenseIndexSettings settings, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive; got " + threads);
    }
    this.settings = settings;
    this.threads = threads;
  }

  /** Encodes the corpus with {@code encoder} and builds the index at {@code target}. */
  public IndexManifest build(Path corpus, Encoder encoder, Path target, boolean overwrite, Progress encoding,
      Progress structuring) {
    try (AtomicDirectory out = AtomicDirectory.create(target, overwrite, IndexManifest.FILE_NAME)) {
      long count = CorpusEncoder.encode(corpus, encoder, out.path().resolve(VECTORS), out.path().resolve(IDS),
          CorpusEncoder.DEFAULT_WINDOW, encoding);
      Map<String, String> info = new LinkedHashMap<>();
      info.put("corpus", corpus.toAbsolutePath().normalize().toString());
      info.put("truncated", Long.toString(encoder.truncatedCount()));
      IndexManifest manifest = structure(out.path(), encoder.modelId(), count, info, structuring);
      out.commit();
      return manifest;
    }
  }

  /** Builds the index at {@code target} from the vectors of an existing dense index, without encoding again. */
  public IndexManifest buildFrom(Path embeddings, Path target, boolean overwrite, Progress structuring) {
    IndexManifest source = DenseIndex.manifest(embeddings);
    try (AtomicDirectory out = AtomicDirectory.create(target, overwrite, IndexManifest.FILE_NAME)) {
      for (String file : List.of(VECTORS, IDS)) {
        linkOrCopy(embeddings.resolve(file), out.path().resolve(file));
      }
      Map<String, String> info = new LinkedHashMap<>();
      info.put("corpus", source.settings().getOrDefault("corpus", ""));
      info.put("truncated", source.settings().getOrDefault("truncated", "0"));
      info.put("embeddings", embeddings.toAbsolutePath().normalize().toString());
      IndexManifest manifest = structure(out.path(), source.setting("model"), source.documents(), info, structuring);
      out.commit();
      return manifest;
    }
  }

  /** Vectors encoded elsewhere (a Spark job), written in corpus order by {@link #buildFromVectors}. */
  public interface EncodedVectors {
    /** The vectors' model id, recorded in the index so that queries are encoded with it. */
    String modelId();

    int dimension();

    /** Where the vectors came from, recorded in the manifest. */
    Map<String, String> provenance();

    /** Writes every document's vector and id, in corpus order. */
    void writeTo(VectorStoreWriter vectors, BufferedWriter ids) throws IOException;
  }

  /** Builds the index at {@code target} from vectors encoded elsewhere, without encoding. */
  public IndexManifest buildFromVectors(EncodedVectors source, Path target, boolean overwrite, Progress structuring) {
    try (AtomicDirectory out = AtomicDirectory.create(target, overwrite, IndexManifest.FILE_NAME)) {
      long count;
      try (VectorStoreWriter vectors = new VectorStoreWriter(out.path().resolve(VECTORS),
          VectorStore.ElementType.FLOAT32, source.dimension(), source.modelId());
          BufferedWriter ids = Files.newBufferedWriter(out.path().resolve(IDS), StandardCharsets.UTF_8)) {
        source.writeTo(vectors, ids);
        vectors.finish();
        count = vectors.count();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out.path() + ": " + e.getMessage(), e);
      }
      IndexManifest manifest = structure(out.path(), source.modelId(), count, new LinkedHashMap<>(source.provenance()),
          structuring);
      out.commit();
      return manifest;
    }
  }

  private static void linkOrCopy(Path from, Path to) {
    try {
      try {
        Files.createLink(to, from);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  private IndexManifest structure(Path dir, String model, long count, Map<String, String> info, Progress progress) {
    try (VectorStore floats = VectorStore.open(dir.resolve(VECTORS))) {
      if (settings.structure() == DenseIndexSettings.Structure.HNSW) {
        buildHnsw(floats, dir.resolve(HNSW), progress);
      } else if (settings.quantization() == DenseIndexSettings.Quantization.INT8) {
        ScalarQuantizer quantizer = ScalarQuantizer.fit(floats, settings.perDimension());
        writeCodes(floats, dir.resolve(INT8_CODES), VectorStore.ElementType.INT8, quantizer::encode, progress);
        JSON.writeValue(dir.resolve(QUANTIZER).toFile(),
            Map.of("type", "int8", "offsets", quantizer.offsets(), "scales", quantizer.scales()));
      } else if (settings.quantization() == DenseIndexSettings.Quantization.BINARY) {
        BinaryQuantizer quantizer = BinaryQuantizer.fit(floats);
        writeCodes(floats, dir.resolve(BINARY_CODES), VectorStore.ElementType.BIT, quantizer::encode, progress);
        JSON.writeValue(dir.resolve(QUANTIZER).toFile(), Map.of("type", "binary", "thresholds", quantizer.thresholds()));
      }
      Map<String, String> all = new LinkedHashMap<>(info);
      all.put("model", model);
      all.put("dimension", Integer.toString(floats.dimension()));
      all.put("structure", settings.structure().name().toLowerCase(java.util.Locale.ROOT));
      all.put("quantization", settings.quantization().label());
      all.put("perDimension", Boolean.toString(settings.perDimension()));
      all.put("m", Integer.toString(settings.m()));
      all.put("efConstruction", Integer.toString(settings.efConstruction()));
      IndexManifest manifest = new IndexManifest(KIND, count, all);
      manifest.write(dir);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build dense index in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void writeCodes(VectorStore floats, Path file, VectorStore.ElementType type,
      java.util.function.Function<float[], byte[]> encode, Progress progress) {
    try (VectorStoreWriter writer = new VectorStoreWriter(file, type, floats.dimension(), floats.modelId())) {
      float[] row = new float[floats.dimension()];
      for (long r = 0; r < floats.count(); r++) {
        floats.readFloats(r, row);
        writer.addBytes(encode.apply(row));
        if ((r & 1023) == 1023) {
          progress.advance(1024);
        }
      }
      progress.advance(floats.count() & 1023);
      writer.finish();
    }
  }

  private KnnVectorsFormat format(ExecutorService merges) {
    int workers = merges == null ? 1 : threads;
    return switch (settings.quantization()) {
      case NONE -> new Lucene99HnswVectorsFormat(settings.m(), settings.efConstruction(), workers, merges);
      case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, settings.m(),
          settings.efConstruction(), workers, merges);
      case BINARY -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE,
          settings.m(), settings.efConstruction(), workers, merges);
    };
  }

  /** Adds every row to a Lucene HNSW graph from {@code threads} threads, then merges to one graph. */
  private void buildHnsw(VectorStore floats, Path luceneDir, Progress progress) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (FSDirectory dir = FSDirectory.open(luceneDir)) {
      KnnVectorsFormat format = format(threads > 1 ? pool : null);
      IndexWriterConfig config = new IndexWriterConfig()
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setRAMBufferSizeMB(1024)
          .setCodec(new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return format;
            }
          });
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        long count = floats.count();
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long from = count * t / threads;
          long to = count * (t + 1) / threads;
          parts.add(pool.submit(() -> {
            float[] row = new float[floats.dimension()];
            for (long r = from; r < to; r++) {
              floats.readFloats(r, row);
              Document doc = new Document();
              doc.add(new KnnFloatVectorField(HnswVectorIndex.VECTOR, row.clone(),
                  VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
              doc.add(new NumericDocValuesField(HnswVectorIndex.ROW, r));
              writer.addDocument(doc);
              progress.advance(1);
            }
            return null;
          }));
        }
        for (Future<?> part : parts) {
          part.get();
        }
        writer.forceMerge(1);
        writer.commit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("HNSW build interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      }
    } finally {
      pool.shutdownNow();
      // the writer is closed: its lock file would only say, wrongly, that one is open
      java.nio.file.Files.deleteIfExists(luceneDir.resolve(IndexWriter.WRITE_LOCK_NAME));
    }
  }

  @Override
  public String toString() {
    return "DenseIndexBuilder[" + settings + ", threads=" + threads + "]";
  }
}
