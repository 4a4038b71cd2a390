/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.nio.file.Path;

/**
 * Bad input in a data file. The message always names the file and, where there is one, the line, in the
 * {@code file:line: what is wrong} form that editors and terminals link to.
 */
public final class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Path file;
  private final long line;

  /** @param line the 1-based line number, or 0 when the problem concerns the whole file */
  public DataFormatException(Path file, long line, String problem) {
    this(file, line, problem, null);
  }

  public DataFormatException(Path file, long line, String problem, Throwable cause) {
    super((line > 0 ? file + ":" + line + ": " : file + ": ") + problem, cause);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line, or 0 for a problem with the whole file. */
  public long line() {
    return line;
  }
}
