/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.vector.CorpusEncoder;
import dev.quarry.core.vector.VectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link ColbertIndexBuilder} index opened for searching: its files memory-mapped, passage offsets computed once,
 * and each passage's token vectors decompressed on demand (centroid plus residual, unit length). Thread-safe.
 */
public final class ColbertIndex implements AutoCloseable {
  private final Path dir;
  private final IndexManifest manifest;
  private final String[] ids;
  private final int[] doclens;
  private final long[] offsets;
  private final Centroids centroids;
  private final IntFile codes;
  private final VectorStore residuals;
  private final IntFile ivf;
  private final IntFile ivfOffsets;
  private final ResidualCodec codec;
  private final VectorStore floats;

  private ColbertIndex(Path dir, IndexManifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
    this.ids = CorpusEncoder.readIds(dir.resolve(ColbertIndexBuilder.IDS));
    int documents = (int) manifest.documents();
    if (ids.length != documents) {
      throw new IllegalArgumentException(dir + ": " + ids.length + " ids for " + documents + " documents");
    }
    IntFile lengths = IntFile.open(dir.resolve(ColbertIndexBuilder.DOCLENS), documents);
    this.doclens = new int[documents];
    this.offsets = new long[documents + 1];
    for (int i = 0; i < documents; i++) {
      doclens[i] = lengths.get(i);
      offsets[i + 1] = offsets[i] + doclens[i];
    }
    long tokens = Long.parseLong(manifest.setting("tokens"));
    if (offsets[documents] != tokens) {
      throw new IllegalArgumentException(dir + ": the passage lengths add up to " + offsets[documents]
          + " token vectors; the manifest says " + tokens);
    }
    int k = Integer.parseInt(manifest.setting("centroids"));
    try (VectorStore c = VectorStore.open(dir.resolve(ColbertIndexBuilder.CENTROIDS))) {
      if (c.count() != k) {
        throw new IllegalArgumentException(dir + ": " + c.count() + " centroids; the manifest says " + k);
      }
      float[][] all = new float[k][c.dimension()];
      for (int i = 0; i < k; i++) {
        c.readFloats(i, all[i]);
      }
      this.centroids = new Centroids(all);
    }
    this.codes = IntFile.open(dir.resolve(ColbertIndexBuilder.CODES), tokens);
    this.residuals = VectorStore.open(dir.resolve(ColbertIndexBuilder.RESIDUALS));
    this.ivfOffsets = IntFile.open(dir.resolve(ColbertIndexBuilder.IVF_OFFSETS), k + 1L);
    this.ivf = IntFile.open(dir.resolve(ColbertIndexBuilder.IVF), ivfOffsets.get(k));
    try {
      JsonNode c = new ObjectMapper().readTree(dir.resolve(ColbertIndexBuilder.CODEC).toFile());
      this.codec = new ResidualCodec(c.get("nbits").asInt(), centroids.dimension(), floats(c.get("cutoffs")),
          floats(c.get("weights")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(ColbertIndexBuilder.CODEC) + ": " + e.getMessage(),
          e);
    }
    if (residuals.count() != tokens || residuals.rowBytes() != codec.bytesPerVector()) {
      throw new IllegalArgumentException(dir + ": " + residuals.count() + " residual codes of " + residuals.rowBytes()
          + " bytes; expected " + tokens + " of " + codec.bytesPerVector());
    }
    Path vectors = dir.resolve(ColbertIndexBuilder.VECTORS);
    this.floats = Files.isRegularFile(vectors) ? VectorStore.open(vectors) : null;
  }

  /** Opens the ColBERT index at {@code dir}, refusing any other kind. */
  public static ColbertIndex open(Path dir) {
    return new ColbertIndex(dir, manifest(dir));
  }

  /** The manifest of a ColBERT index, refusing any other kind. */
  public static IndexManifest manifest(Path dir) {
    IndexManifest manifest = IndexManifest.read(dir);
    if (!ColbertIndexBuilder.KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(dir + " is a " + manifest.kind() + " index, not a colbert index");
    }
    return manifest;
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  public IndexManifest manifest() {
    return manifest;
  }

  public int documents() {
    return doclens.length;
  }

  public String id(int doc) {
    return ids[doc];
  }

  public String[] ids() {
    return ids.clone();
  }

  public int dimension() {
    return centroids.dimension();
  }

  public long tokens() {
    return offsets[doclens.length];
  }

  public int length(int doc) {
    return doclens[doc];
  }

  public Centroids centroids() {
    return centroids;
  }

  public ResidualCodec codec() {
    return codec;
  }

  /** The centroid of token {@code t} of passage {@code doc}. */
  public int code(int doc, int t) {
    return codes.get(offsets[doc] + t);
  }

  /** The passages with a token at centroid {@code c}: positions {@link #listStart} to {@link #listEnd} of the lists. */
  public int listStart(int c) {
    return ivfOffsets.get(c);
  }

  public int listEnd(int c) {
    return ivfOffsets.get(c + 1);
  }

  public int listDoc(int position) {
    return ivf.get(position);
  }

  /** Whether the uncompressed vectors were kept ({@code keepFloats}). */
  public boolean hasFloats() {
    return floats != null;
  }

  /** Passage {@code doc}'s token vectors, decompressed: {@code length(doc) * dimension} floats, row-major. */
  public float[] decompress(int doc) {
    int d = dimension();
    int n = doclens[doc];
    float[] out = new float[n * d];
    byte[] code = new byte[codec.bytesPerVector()];
    for (int t = 0; t < n; t++) {
      long row = offsets[doc] + t;
      residuals.readBytes(row, code);
      codec.decode(centroids.get(codes.get(row)), code, 0, out, t * d);
    }
    return out;
  }

  /** Passage {@code doc}'s uncompressed token vectors (an index built with {@code keepFloats}). */
  public float[] floats(int doc) {
    if (floats == null) {
      throw new IllegalStateException(dir + " keeps no uncompressed vectors (build it with --keep-floats)");
    }
    int d = dimension();
    int n = doclens[doc];
    float[] out = new float[n * d];
    float[] row = new float[d];
    for (int t = 0; t < n; t++) {
      floats.readFloats(offsets[doc] + t, row);
      System.arraycopy(row, 0, out, t * d, d);
    }
    return out;
  }

  @Override
  public void close() {
    residuals.close();
    if (floats != null) {
      floats.close();
    }
  }

  @Override
  public String toString() {
    return "ColbertIndex[" + dir + ", " + documents() + " passages, " + tokens() + " token vectors, "
        + centroids.count() + " centroids, " + codec.nbits() + " bits]";
  }
}
