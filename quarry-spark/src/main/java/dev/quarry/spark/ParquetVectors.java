/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.vector.VectorStoreWriter;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A folder {@link SparkEncode} wrote, read back in corpus order (by {@code ordinal}) for
 * {@code quarry index --kind dense --from-vectors}: the index gets the model and dimension its marker records.
 */
public final class ParquetVectors implements DenseIndexBuilder.EncodedVectors {
  private final SparkSession spark;
  private final Path dir;
  private final JsonNode marker;

  /**
   * @throws IllegalArgumentException when {@code dir} holds no {@value SparkEncode#MARKER} (not written by
   *     {@code spark encode}, or not finished)
   */
  public ParquetVectors(SparkSession spark, Path dir) {
    Path file = dir.resolve(SparkEncode.MARKER);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + " holds no " + SparkEncode.MARKER + ": not vectors written by"
          + " 'quarry spark encode'");
    }
    try {
      this.marker = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    this.spark = spark;
    this.dir = dir;
  }

  @Override
  public String modelId() {
    return marker.path("model").asText();
  }

  @Override
  public int dimension() {
    return marker.path("dimension").asInt();
  }

  public long documents() {
    return marker.path("documents").asLong();
  }

  @Override
  public Map<String, String> provenance() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("corpus", marker.path("corpus").asText());
    info.put("truncated", "0");
    info.put("vectors", dir.toAbsolutePath().normalize().toString());
    return info;
  }

  @Override
  public void writeTo(VectorStoreWriter vectors, BufferedWriter ids) throws IOException {
    Iterator<Row> rows = spark.read().parquet(dir.toString()).orderBy("ordinal").toLocalIterator();
    long count = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      List<Float> values = row.getList(row.fieldIndex("vector"));
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = values.get(i);
      }
      vectors.add(vector);
      ids.write(row.getString(row.fieldIndex("id")));
      ids.write('\n');
      count++;
    }
    if (count != documents()) {
      throw new IllegalArgumentException(dir + ": " + count + " vectors, but " + SparkEncode.MARKER + " says "
          + documents());
    }
  }
}
