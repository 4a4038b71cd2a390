/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import dev.quarry.core.Progress;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a corpus into a float {@link VectorStore} and its row-to-id list ({@code ids.txt}, one id a line),
 * streaming: documents are read, encoded and written a window at a time, so memory stays flat whatever the corpus
 * size. Within a window, texts are encoded in slices of similar length (sorted by characters; the encoder sorts
 * each slice by tokens and pads per batch), which keeps padding small and the progress bar moving.
 */
public final class CorpusEncoder {
  /** Documents held at once: enough for length sorting to pay off, few enough to stay small. */
  public static final int DEFAULT_WINDOW = 2048;
  private static final int SLICE = 128;

  private CorpusEncoder() {}

  /** @return the number of documents encoded */
  public static long encode(Path corpus, Encoder encoder, Path vectorsFile, Path idsFile, int window,
      Progress progress) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be positive; got " + window);
    }
    try (CorpusReader reader = CorpusReader.open(corpus);
        VectorStoreWriter vectors = new VectorStoreWriter(vectorsFile, VectorStore.ElementType.FLOAT32,
            encoder.dimension(), encoder.modelId());
        BufferedWriter ids = Files.newBufferedWriter(idsFile, StandardCharsets.UTF_8)) {
      List<String> windowIds = new ArrayList<>(window);
      List<String> windowTexts = new ArrayList<>(window);
      for (Document doc : reader) {
        if (doc.id().indexOf('\n') >= 0 || doc.id().indexOf('\r') >= 0) {
          throw new IllegalArgumentException(corpus + ": document id '" + doc.id() + "' contains a line break");
        }
        windowIds.add(doc.id());
        windowTexts.add(doc.contents());
        if (windowIds.size() == window) {
          flush(encoder, windowIds, windowTexts, vectors, ids, progress);
        }
      }
      flush(encoder, windowIds, windowTexts, vectors, ids, progress);
      vectors.finish();
      return vectors.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + idsFile + ": " + e.getMessage(), e);
    }
  }

  private static void flush(Encoder encoder, List<String> ids, List<String> texts, VectorStoreWriter vectors,
      BufferedWriter idsOut, Progress progress) throws IOException {
    if (ids.isEmpty()) {
      return;
    }
    float[][] encoded = encodeWindow(encoder, texts, progress);
    for (int i = 0; i < encoded.length; i++) {
      vectors.add(encoded[i]);
      idsOut.write(ids.get(i));
      idsOut.write('\n');
    }
    ids.clear();
    texts.clear();
  }

  /**
   * One window's passages encoded as {@link #encode} encodes them (in slices of similar length), in the texts' order:
   * whoever encodes the same windows (a Spark partition) gets the same vectors.
   */
  public static float[][] encodeWindow(Encoder encoder, List<String> texts, Progress progress) {
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> texts.get(i).length()));
    float[][] encoded = new float[order.length][];
    for (int start = 0; start < order.length; start += SLICE) {
      int end = Math.min(order.length, start + SLICE);
      List<String> slice = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        slice.add(texts.get(order[i]));
      }
      float[][] sliceVectors = encoder.encodePassages(slice);
      for (int i = start; i < end; i++) {
        encoded[order[i]] = sliceVectors[i - start];
      }
      progress.advance(end - start);
    }
    return encoded;
  }

  /** Reads an {@code ids.txt} written by {@link #encode}. */
  public static String[] readIds(Path idsFile) {
    try {
      return Files.readAllLines(idsFile, StandardCharsets.UTF_8).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + idsFile + ": " + e.getMessage(), e);
    }
  }
}
