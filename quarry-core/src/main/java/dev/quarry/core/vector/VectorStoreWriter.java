/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a {@link VectorStore} row by row, streaming: memory stays flat whatever the count. The count in the header
 * is written by {@link #finish()}; a store that was not finished has count 0 and the wrong size, and is refused on
 * opening. Not thread-safe.
 */
public final class VectorStoreWriter implements AutoCloseable {
  private final Path file;
  private final VectorStore.ElementType type;
  private final int dimension;
  private final int rowBytes;
  private final OutputStream out;
  private final ByteBuffer row;
  private long count;
  private boolean finished;

  public VectorStoreWriter(Path file, VectorStore.ElementType type, int dimension, String modelId) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive; got " + dimension);
    }
    byte[] id = (modelId == null ? "" : modelId).getBytes(StandardCharsets.UTF_8);
    if (id.length > VectorStore.HEADER_BYTES - 64) {
      throw new IllegalArgumentException("model id too long (" + id.length + " bytes)");
    }
    this.file = file;
    this.type = type;
    this.dimension = dimension;
    this.rowBytes = type.rowBytes(dimension);
    this.row = ByteBuffer.allocate(rowBytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
      ByteBuffer header = ByteBuffer.allocate(VectorStore.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.put(VectorStore.MAGIC).putInt(VectorStore.VERSION).putInt(type.code()).putInt(dimension)
          .putInt(rowBytes).putLong(0).putInt(id.length).put(id);
      out.write(header.array());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public int dimension() {
    return dimension;
  }

  public long count() {
    return count;
  }

  public void add(float[] vector) {
    if (type != VectorStore.ElementType.FLOAT32) {
      throw new IllegalStateException(file + " holds " + type + ", not floats");
    }
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions; the store has " + dimension);
    }
    row.clear();
    row.asFloatBuffer().put(vector);
    write(row.array());
  }

  /** Adds a row of raw bytes (int8 or packed-bit codes). */
  public void addBytes(byte[] codes) {
    if (type == VectorStore.ElementType.FLOAT32) {
      throw new IllegalStateException(file + " holds floats; use add(float[])");
    }
    if (codes.length != rowBytes) {
      throw new IllegalArgumentException("row has " + codes.length + " bytes; the store's rows have " + rowBytes);
    }
    write(codes);
  }

  private void write(byte[] bytes) {
    try {
      out.write(bytes, 0, rowBytes);
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Flushes and writes the final count into the header. */
  public void finish() {
    try {
      out.close();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ByteBuffer countBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(count);
        countBytes.flip();
        channel.write(countBytes, VectorStore.MAGIC.length + 16);
        channel.force(true);
      }
      finished = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (!finished) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the store is unfinished and will be refused on opening
      }
    }
  }
}
