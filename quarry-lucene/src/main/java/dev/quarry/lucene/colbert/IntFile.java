/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene.colbert;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped array of little-endian int32 values (a ColBERT index's codes, document lengths and inverted lists),
 * never read whole onto the heap; one mapping holds at most 2^31 - 1 bytes (over 500 million values). Read-only and
 * thread-safe once open.
 */
final class IntFile {
  private final IntBuffer values;
  private final long count;

  private IntFile(IntBuffer values, long count) {
    this.values = values;
    this.count = count;
  }

  /** Maps {@code file}, which must hold exactly {@code expected} values (the manifest's count). */
  static IntFile open(Path file, long expected) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size != expected * Integer.BYTES) {
        throw new IllegalArgumentException(file + ": " + size + " bytes, expected " + expected * Integer.BYTES
            + " for " + expected + " values (incomplete or corrupt)");
      }
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(file + ": " + size + " bytes; one mapping holds at most 2 GB");
      }
      IntBuffer values = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN)
          .asIntBuffer();
      return new IntFile(values, expected);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": missing from the index; rebuild it");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file + ": " + e.getMessage(), e);
    }
  }

  long count() {
    return count;
  }

  int get(long i) {
    return values.get((int) i);
  }

  /** Writes values as they come, little-endian. */
  static final class Writer implements AutoCloseable {
    private final Path file;
    private final OutputStream out;
    private final byte[] four = new byte[4];
    private long count;

    Writer(Path file) {
      this.file = file;
      try {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }

    void add(int value) {
      four[0] = (byte) value;
      four[1] = (byte) (value >>> 8);
      four[2] = (byte) (value >>> 16);
      four[3] = (byte) (value >>> 24);
      try {
        out.write(four);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      count++;
    }

    long count() {
      return count;
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
