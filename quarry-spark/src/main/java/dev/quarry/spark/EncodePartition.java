/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import dev.quarry.core.Progress;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.vector.CorpusEncoder;
import dev.quarry.onnx.OnnxEncoder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * Encodes one partition of a corpus's numbered lines into rows ({@code ordinal}, {@code id}, {@code vector},
 * {@code model}), a window of {@link CorpusEncoder#DEFAULT_WINDOW} documents at a time (lazily: a partition is never
 * held whole), each window as {@link CorpusEncoder#encodeWindow} encodes it on one machine. A bad line fails the job
 * naming the corpus file and the line.
 */
final class EncodePartition implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Row> {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final String fingerprint;
  private final String corpus;
  private final int threads;

  EncodePartition(String model, String fingerprint, Path corpus, int threads) {
    this.model = model;
    this.fingerprint = fingerprint;
    this.corpus = corpus.toString();
    this.threads = threads;
  }

  @Override
  public Iterator<Row> call(Iterator<Tuple2<String, Long>> lines) {
    OnnxEncoder encoder = ExecutorResources.encoder(model, threads);
    Path file = Path.of(corpus);
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (ready.isEmpty()) {
          encodeNextWindow();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void encodeNextWindow() {
        List<Long> ordinals = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        while (texts.size() < CorpusEncoder.DEFAULT_WINDOW && lines.hasNext()) {
          Tuple2<String, Long> line = lines.next();
          if (line._1().isBlank()) {
            continue;
          }
          Document doc = CorpusReader.parseLine(line._1(), file, line._2() + 1);
          ordinals.add(line._2());
          ids.add(doc.id());
          texts.add(doc.contents());
        }
        if (texts.isEmpty()) {
          return;
        }
        float[][] vectors = CorpusEncoder.encodeWindow(encoder, texts, Progress.NONE);
        for (int i = 0; i < vectors.length; i++) {
          ready.add(RowFactory.create(ordinals.get(i), ids.get(i), vectors[i], fingerprint));
        }
      }
    };
  }
}
