/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStoreTest {
  @TempDir Path temp;

  @Test
  void writesAndMapsFloatRows() throws IOException {
    Path file = temp.resolve("v.f32");
    Random random = new Random(3);
    float[][] rows = new float[1000][17];
    try (VectorStoreWriter writer = new VectorStoreWriter(file, VectorStore.ElementType.FLOAT32, 17, "model-x")) {
      for (float[] row : rows) {
        for (int d = 0; d < row.length; d++) {
          row[d] = (float) random.nextGaussian();
        }
        writer.add(row);
      }
      writer.finish();
    }
    assertEquals(VectorStore.HEADER_BYTES + 1000L * 17 * 4, Files.size(file));
    try (VectorStore store = VectorStore.open(file)) {
      assertEquals(1000, store.count());
      assertEquals(17, store.dimension());
      assertEquals("model-x", store.modelId());
      float[] row = new float[17];
      for (int r : new int[] {0, 1, 500, 999}) {
        store.readFloats(r, row);
        assertArrayEquals(rows[r], row);
      }
      assertThrows(IndexOutOfBoundsException.class, () -> store.readFloats(1000, row));
    }
  }

  @Test
  void readsEveryRowOfAStoreMappedInManyChunks() {
    Path floats = temp.resolve("v.f32");
    Path bytes = temp.resolve("v.i8");
    Random random = new Random(4);
    float[][] rows = new float[101][5];
    byte[][] codes = new byte[101][5];
    try (VectorStoreWriter f = new VectorStoreWriter(floats, VectorStore.ElementType.FLOAT32, 5, "");
        VectorStoreWriter b = new VectorStoreWriter(bytes, VectorStore.ElementType.INT8, 5, "")) {
      for (int r = 0; r < rows.length; r++) {
        for (int d = 0; d < 5; d++) {
          rows[r][d] = (float) random.nextGaussian();
        }
        random.nextBytes(codes[r]);
        f.add(rows[r]);
        b.addBytes(codes[r]);
      }
      f.finish();
      b.finish();
    }
    // 7 rows a chunk: 15 chunks, the last of 3 rows; every row read from its chunk at its offset
    try (VectorStore f = VectorStore.open(floats, 7 * 20 + 19); VectorStore b = VectorStore.open(bytes, 7 * 5)) {
      float[] row = new float[5];
      byte[] code = new byte[5];
      for (int r = 0; r < rows.length; r++) {
        f.readFloats(r, row);
        assertArrayEquals(rows[r], row, "float row " + r);
        b.readBytes(r, code);
        assertArrayEquals(codes[r], code, "byte row " + r);
      }
      assertThrows(IndexOutOfBoundsException.class, () -> f.readFloats(101, row));
      assertThrows(IndexOutOfBoundsException.class, () -> b.readBytes(-1, code));
    }
  }

  @Test
  void refusesADimensionBelowOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VectorStoreWriter(temp.resolve("z"), VectorStore.ElementType.FLOAT32, 0, ""));
    assertEquals("dimension must be positive; got 0", e.getMessage());
    try (VectorStoreWriter one = new VectorStoreWriter(temp.resolve("one"), VectorStore.ElementType.FLOAT32, 1, "")) {
      one.add(new float[] {2f});
      one.finish();
    }
    try (VectorStore store = VectorStore.open(temp.resolve("one"))) {
      float[] row = new float[1];
      store.readFloats(0, row);
      assertEquals(2f, row[0]);
    }
  }

  @Test
  void writesByteAndBitRows() {
    Path file = temp.resolve("v.bit");
    try (VectorStoreWriter writer = new VectorStoreWriter(file, VectorStore.ElementType.BIT, 70, "")) {
      assertThrows(IllegalArgumentException.class, () -> writer.addBytes(new byte[9]));
      writer.addBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
      writer.finish();
    }
    try (VectorStore store = VectorStore.open(file)) {
      assertEquals(16, store.rowBytes(), "70 bits take two 64-bit words");
      byte[] row = new byte[16];
      store.readBytes(0, row);
      assertEquals(16, row[15]);
      assertThrows(IllegalStateException.class, () -> store.readFloats(0, new float[70]));
    }
  }

  @Test
  void refusesAnUnfinishedOrForeignFile() throws IOException {
    Path unfinished = temp.resolve("u.f32");
    try (VectorStoreWriter writer = new VectorStoreWriter(unfinished, VectorStore.ElementType.FLOAT32, 4, "m")) {
      writer.add(new float[] {1, 2, 3, 4});
      // closed without finish(): as if the encoding had crashed
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorStore.open(unfinished));
    assertTrue(e.getMessage().contains("incomplete or corrupt"), e.getMessage());
    Path foreign = temp.resolve("f.f32");
    Files.write(foreign, new byte[2048]);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> VectorStore.open(foreign)).getMessage()
        .contains("bad magic"));
  }

  /**
   * Closing unmaps at once: the process no longer maps the file (read off /proc/self/maps), a read after close is
   * refused, and the file can be replaced and opened again in the same process.
   */
  @Test
  void closeUnmapsTheFileAtOnce() throws IOException {
    Path file = temp.resolve("unmapped.f32");
    write(file, 1f);
    VectorStore store = VectorStore.open(file);
    float[] row = new float[4];
    store.readFloats(0, row);
    assertTrue(mapped(file), "open: the file is mapped");
    store.close();
    assertTrue(!mapped(file), "closed: no mapping of the file is left");
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> store.readFloats(0, row));
    assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
    Files.delete(file);
    write(file, 2f);
    try (VectorStore again = VectorStore.open(file)) {
      again.readFloats(0, row);
      assertEquals(2f, row[0]);
    }
  }

  private static void write(Path file, float value) {
    try (VectorStoreWriter writer = new VectorStoreWriter(file, VectorStore.ElementType.FLOAT32, 4, "")) {
      writer.add(new float[] {value, value, value, value});
      writer.finish();
    }
  }

  private static boolean mapped(Path file) throws IOException {
    Path maps = Path.of("/proc/self/maps");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs Linux's /proc/self/maps");
    String path = file.toAbsolutePath().toRealPath().toString();
    return Files.readAllLines(maps).stream().anyMatch(l -> l.endsWith(path));
  }
}
