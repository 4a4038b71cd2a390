/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text file line by line as strict UTF-8, counting lines so that every error can name its line.
 * A byte sequence that is not UTF-8 is an error naming its line, never a silent replacement character; lines are
 * split on bytes before decoding so that the line number is exact. Not thread-safe.
 */
final class LineReader implements Closeable {
  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] buffer = new byte[8192];
  private long lineNumber;
  private boolean ended;

  LineReader(Path file) {
    this(file, false);
  }

  /** @param gzip whether the file is gzip-compressed (lines and their numbers are those of the decompressed text) */
  LineReader(Path file, boolean gzip) {
    this.file = file;
    try {
      InputStream raw = Files.newInputStream(file);
      this.in = gzip ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw;
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file, 0, "no such file");
    } catch (java.util.zip.ZipException e) {
      throw new DataFormatException(file, 0, "not a gzip file: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** The next line without its terminator (\n or \r\n, and without a leading byte-order mark), or null. */
  String next() {
    if (ended) {
      return null;
    }
    try {
      int length = 0;
      boolean newline = false;
      while (!newline) {
        if (position == limit) {
          limit = in.read(chunk);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            ended = true;
            if (length == 0) {
              return null;
            }
            break;
          }
        }
        int end = position;
        while (end < limit && chunk[end] != '\n') {
          end++;
        }
        int n = end - position;
        if (length + n > buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
        System.arraycopy(chunk, position, buffer, length, n);
        length += n;
        newline = end < limit;
        position = newline ? end + 1 : end;
      }
      lineNumber++;
      if (length > 0 && buffer[length - 1] == '\r') {
        length--;
      }
      int start = 0;
      if (lineNumber == 1 && length >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB
          && (buffer[2] & 0xff) == 0xBF) {
        start = 3;
      }
      return decoder.decode(ByteBuffer.wrap(buffer, start, length - start)).toString();
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file, lineNumber, "not valid UTF-8 text");
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      throw new DataFormatException(file, lineNumber + 1, "the compressed file is damaged or cut short: "
          + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The 1-based number of the line last returned. */
  long lineNumber() {
    return lineNumber;
  }

  Path file() {
    return file;
  }

  DataFormatException error(String problem) {
    return new DataFormatException(file, lineNumber, problem);
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
