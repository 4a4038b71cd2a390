/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Encodes a corpus on Spark into Parquet, the job behind {@code quarry spark encode}: the corpus file's lines are
 * split into partitions (by byte ranges, no shuffle), each partition is encoded by its executor's one encoder of the
 * model ({@link EncodePartition}), and the rows ({@code ordinal}: the document's line, from 0; {@code id};
 * {@code vector}; {@code model}: the weights' fingerprint) are written as Parquet. The vectors equal
 * {@code CorpusEncoder}'s on one machine whatever the partitioning (to float rounding of other batch paddings). The
 * output is written beside its folder and moved into place only when whole and checked (every id once), with
 * {@value #MARKER} saying what it holds; a failed job leaves nothing behind, and is simply run again.
 */
public final class SparkEncode {
  /**
   * What a folder of encoded vectors holds: model, fingerprint, dimension, documents, corpus. Its leading underscore
   * keeps Spark's Parquet reader from taking it for data.
   */
  public static final String MARKER = "_quarry-vectors.json";
  /** The rows' schema. */
  public static final StructType SCHEMA = new StructType()
      .add("ordinal", DataTypes.LongType, false)
      .add("id", DataTypes.StringType, false)
      .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("model", DataTypes.StringType, false);

  /** What was written. */
  public record Result(Path out, long documents, int dimension, String model) {}

  private SparkEncode() {}

  /**
   * @param corpus a corpus file ({@code corpus.jsonl} or TSV) that every executor can read
   * @param model an embedded model's name or a dense model folder that every executor can read
   * @param partitions at least this many partitions (more for a large file: one per block of the file system)
   * @throws IllegalArgumentException for a model that is not a dense model, an output that may not be replaced, a
   *     bad corpus line (naming file and line) or a document id given twice
   */
  public static Result encode(SparkSession spark, Path corpus, String model, Path out, int partitions,
      boolean overwrite) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive; got " + partitions);
    }
    ModelSource source = ModelRegistry.resolve(model);
    source.requireKind(ModelKind.DENSE, "spark encode takes a dense model");
    AtomicDirectory.checkTarget(out, overwrite, MARKER);
    Path file = corpus.toAbsolutePath().normalize();
    String modelName = source.folder() == null ? source.id() : source.folder().toString();
    int dimension;
    try (OnnxEncoder probe = new OnnxEncoder(source, 1, 1, 1, 0)) {
      dimension = probe.dimension();
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows = context.textFile(file.toUri().toString(), partitions).zipWithIndex()
        .mapPartitions(new EncodePartition(modelName, source.fingerprint(), file, taskSlots(spark)));
    try (AtomicDirectory dir = AtomicDirectory.create(out, overwrite, MARKER)) {
      spark.createDataFrame(rows, SCHEMA).write().mode(SaveMode.Append).parquet(dir.path().toString());
      Dataset<Row> written = spark.read().schema(SCHEMA).parquet(dataFiles(dir.path()));
      List<Row> twice = written.groupBy("id").count().where("count > 1").limit(1).collectAsList();
      if (!twice.isEmpty()) {
        throw new IllegalArgumentException(file + ": duplicate document id '" + twice.get(0).getString(0) + "'");
      }
      long documents = written.count();
      if (documents == 0) {
        throw new IllegalArgumentException(file + ": no documents");
      }
      Map<String, Object> marker = new LinkedHashMap<>();
      marker.put("model", source.id());
      marker.put("fingerprint", source.fingerprint());
      marker.put("dimension", dimension);
      marker.put("documents", documents);
      marker.put("corpus", file.toString());
      try {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.path().resolve(MARKER).toFile(), marker);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + MARKER + " in " + dir.path() + ": " + e.getMessage(), e);
      }
      dir.commit();
      return new Result(out, documents, dimension, source.id());
    }
  }

  /**
   * The Parquet files of a folder, named one by one: the folder itself, hidden until it is moved into place, would be
   * skipped by Spark's reader (it ignores names starting with a dot).
   */
  private static String[] dataFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(Path::toString).filter(f -> f.endsWith(".parquet")).sorted().toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Tasks an executor runs at once: {@code spark.executor.cores}, or in local mode the driver's parallelism. */
  static int taskSlots(SparkSession spark) {
    String cores = spark.conf().get("spark.executor.cores", "");
    if (!cores.isEmpty()) {
      return Integer.parseInt(cores);
    }
    return spark.sparkContext().isLocal() ? spark.sparkContext().defaultParallelism() : 1;
  }
}
