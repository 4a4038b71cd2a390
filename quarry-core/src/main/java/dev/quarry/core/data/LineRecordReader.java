/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A file of one record per line, streamed once: blank lines are skipped and every other line becomes a record, so
 * that a file of any size is never held on the heap. The base of the corpus and page readers, which differ only in
 * how they parse a line; errors name the file and line through {@link #lines}. Not thread-safe; iterate once.
 *
 * @param <T> the record of one line
 */
abstract class LineRecordReader<T> implements Iterable<T>, AutoCloseable {
  protected final LineReader lines;
  private boolean iterated;

  LineRecordReader(LineReader lines) {
    this.lines = lines;
  }

  /** The record of one non-blank line; throws {@code lines.error(...)} when the line is not one. */
  protected abstract T parse(String line);

  public Path file() {
    return lines.file();
  }

  @Override
  public Iterator<T> iterator() {
    if (iterated) {
      throw new IllegalStateException("a " + getClass().getSimpleName() + " iterates once; open " + file()
          + " again");
    }
    iterated = true;
    return new Iterator<>() {
      private T next = advance();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public T next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        T current = next;
        next = advance();
        return current;
      }
    };
  }

  private T advance() {
    String line;
    do {
      line = lines.next();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    return parse(line);
  }

  @Override
  public void close() {
    lines.close();
  }
}
