/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
  @TempDir Path temp;

  @Test
  void dropsTheByteOrderMarkAndCarriageReturnsAndReadsLinesLongerThanItsBuffers() throws IOException {
    String longLine = "é".repeat(50_000) + "x"; // 100,001 bytes: past the 8 KB line buffer and the 64 KB chunk
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = ("first\r\n" + longLine + "\n\nlast").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, bytes, 0, bom.length);
    System.arraycopy(text, 0, bytes, bom.length, text.length);
    Path file = temp.resolve("lines.txt");
    Files.write(file, bytes);
    try (LineReader reader = new LineReader(file)) {
      assertEquals("first", reader.next());
      assertEquals(longLine, reader.next());
      assertEquals("", reader.next());
      assertEquals("last", reader.next());
      assertNull(reader.next());
      assertNull(reader.next());
    }
  }

  @Test
  void aByteOrderMarkIsDroppedOnlyAtTheStartOfTheFile() throws IOException {
    Path file = temp.resolve("marks.txt");
    Files.write(file, new byte[] {'a', '\n', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'b', '\n'});
    try (LineReader reader = new LineReader(file)) {
      assertEquals("a", reader.next());
      assertEquals("\uFEFFb", reader.next());
    }
  }
}
