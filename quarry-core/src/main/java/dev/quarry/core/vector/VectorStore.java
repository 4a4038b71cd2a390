/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped, read-only store of fixed-width vectors, never read whole onto the heap.
 *
 * <p>Layout (little-endian): a {@value #HEADER_BYTES}-byte header, then {@code count} rows of {@code dimension}
 * values, contiguous. Header: magic {@code QUARRYVS}, int32 version (1), int32 element type
 * ({@link ElementType#code()}), int32 dimension, int32 row width in bytes, int64 count, int32 length of the model id,
 * the model id in UTF-8. Rows start at a 1,024-byte boundary so that SIMD loads are aligned. The file is mapped in
 * chunks of whole rows (a Java mapping holds at most 2 GB).
 *
 * <p>Thread-safe: every read is an absolute read of the mapping. {@link #close()} unmaps the file at once (rather than
 * whenever the garbage collector gets to it, which kept the memory and, on some systems, the file in use); it must not
 * run while another thread still reads: every read after it is refused, but a read already under way would touch
 * unmapped memory.
 */
public final class VectorStore implements AutoCloseable {
  static final byte[] MAGIC = "QUARRYVS".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** Rows begin here. */
  public static final int HEADER_BYTES = 1024;
  private static final long CHUNK_BYTES = 1L << 30;

  /** What a row holds. */
  public enum ElementType {
    /** 4-byte IEEE floats. */
    FLOAT32(0),
    /** Signed bytes (scalar-quantized codes). */
    INT8(1),
    /** Packed bits, 8 to a byte (binary codes). */
    BIT(2);

    private final int code;

    ElementType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    static ElementType of(int code) {
      for (ElementType t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown element type code " + code);
    }

    /** Bytes in a row of {@code dimension} elements. */
    public int rowBytes(int dimension) {
      return switch (this) {
        case FLOAT32 -> dimension * 4;
        case INT8 -> dimension;
        case BIT -> (dimension + 63) / 64 * 8;
      };
    }
  }

  private final Path file;
  private final ElementType type;
  private final int dimension;
  private final int rowBytes;
  private final long count;
  private final String modelId;
  private final MappedByteBuffer[] chunks;
  private final FloatBuffer[] floatChunks;
  private final long rowsPerChunk;
  private volatile boolean closed;

  private VectorStore(Path file, long chunkBytes) throws IOException {
    this.file = file;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES) {
        throw new IllegalArgumentException(file + ": not a vector store (only " + size + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(header, 0);
      header.flip();
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException(file + ": not a vector store (bad magic)");
      }
      int version = header.getInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(file + ": vector store version " + version + ", expected " + VERSION);
      }
      this.type = ElementType.of(header.getInt());
      this.dimension = header.getInt();
      this.rowBytes = header.getInt();
      this.count = header.getLong();
      int idLength = header.getInt();
      if (dimension <= 0 || rowBytes != type.rowBytes(dimension) || count < 0 || idLength < 0
          || idLength > HEADER_BYTES - header.position()) {
        throw new IllegalArgumentException(file + ": corrupt vector store header");
      }
      byte[] id = new byte[idLength];
      header.get(id);
      this.modelId = new String(id, StandardCharsets.UTF_8);
      long expected = HEADER_BYTES + count * rowBytes;
      if (size != expected) {
        throw new IllegalArgumentException(file + ": " + size + " bytes, expected " + expected + " for " + count
            + " rows of " + rowBytes + " bytes (incomplete or corrupt)");
      }
      this.rowsPerChunk = Math.max(1, chunkBytes / rowBytes);
      int chunkCount = (int) ((count + rowsPerChunk - 1) / rowsPerChunk);
      this.chunks = new MappedByteBuffer[chunkCount];
      this.floatChunks = new FloatBuffer[chunkCount];
      for (int c = 0; c < chunkCount; c++) {
        long firstRow = c * rowsPerChunk;
        long rows = Math.min(rowsPerChunk, count - firstRow);
        MappedByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES + firstRow * rowBytes,
            rows * rowBytes);
        chunk.order(ByteOrder.LITTLE_ENDIAN);
        chunks[c] = chunk;
        floatChunks[c] = type == ElementType.FLOAT32 ? chunk.asFloatBuffer() : null;
      }
    }
  }

  public static VectorStore open(Path file) {
    return open(file, CHUNK_BYTES);
  }

  /** Opens a store mapped in chunks of at most {@code chunkBytes} (whole rows): tests map small files in many. */
  static VectorStore open(Path file, long chunkBytes) {
    try {
      return new VectorStore(file, chunkBytes);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such vector store");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open vector store " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public ElementType type() {
    return type;
  }

  public int dimension() {
    return dimension;
  }

  public int rowBytes() {
    return rowBytes;
  }

  public long count() {
    return count;
  }

  /** The model whose vectors these are (empty if none was recorded). */
  public String modelId() {
    return modelId;
  }

  /** Copies float row {@code row} into {@code into}, which must have {@link #dimension()} elements. */
  public void readFloats(long row, float[] into) {
    if (type != ElementType.FLOAT32) {
      throw new IllegalStateException(file + " holds " + type + ", not floats");
    }
    checkRow(row);
    floatChunks[(int) (row / rowsPerChunk)].get((int) (row % rowsPerChunk) * dimension, into, 0, dimension);
  }

  /** Copies the raw bytes of row {@code row} into {@code into}, which must have {@link #rowBytes()} elements. */
  public void readBytes(long row, byte[] into) {
    checkRow(row);
    chunks[(int) (row / rowsPerChunk)].get((int) (row % rowsPerChunk) * rowBytes, into, 0, rowBytes);
  }

  private void checkRow(long row) {
    if (closed) {
      throw new IllegalStateException(file + " is closed");
    }
    if (row < 0 || row >= count) {
      throw new IndexOutOfBoundsException("row " + row + " of " + count + " in " + file);
    }
  }

  /**
   * Unmaps the file. Java 21 has no public unmap of a {@link MappedByteBuffer} (the foreign memory API that has one
   * is final only from Java 22), so this is the JDK's own {@code Unsafe.invokeCleaner}, as Lucene did before it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (MappedByteBuffer chunk : chunks) {
      Unmapper.unmap(chunk);
    }
  }

  /** {@code sun.misc.Unsafe.invokeCleaner}, found once. */
  private static final class Unmapper {
    private static final java.lang.invoke.MethodHandle INVOKE_CLEANER = find();

    private static java.lang.invoke.MethodHandle find() {
      try {
        Class<?> unsafe = Class.forName("sun.misc.Unsafe");
        java.lang.reflect.Field field = unsafe.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return java.lang.invoke.MethodHandles.lookup().findVirtual(unsafe, "invokeCleaner",
            java.lang.invoke.MethodType.methodType(void.class, ByteBuffer.class)).bindTo(field.get(null));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    static void unmap(MappedByteBuffer buffer) {
      if (INVOKE_CLEANER == null) {
        return; // the garbage collector unmaps it, as before
      }
      try {
        INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
      } catch (Throwable e) {
        throw new IllegalStateException("cannot unmap a vector store: " + e, e);
      }
    }
  }

  @Override
  public String toString() {
    return "VectorStore[" + file + ", " + count + " x " + dimension + " " + type + ", model=" + modelId + "]";
  }
}
