package dev.quarry.core.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file line by line as strict UTF-8, counting lines so that every error can name its line.
 * A byte sequence that is not UTF-8 is an error, never a silent replacement character. Not thread-safe.
 */
final class LineReader implements Closeable {
  private final Path file;
  private final BufferedReader reader;
  private long lineNumber;

  LineReader(Path file) {
    this.file = file;
    try {
      var decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      this.reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** The next line without its terminator (and without a leading byte-order mark), or null at the end. */
  String next() {
    try {
      String line = reader.readLine();
      if (line == null) {
        return null;
      }
      lineNumber++;
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      return line;
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file, lineNumber + 1, "not valid UTF-8 text");
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
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
