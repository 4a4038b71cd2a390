package dev.quarry.train.distill;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Teacher scores kept on disk, so that a teacher never scores the same input twice (teacher inference is the
 * expensive part of distillation): a TSV file per teacher, one line per score ({@code key<TAB>score}), appended and
 * flushed as scores come, read whole at start. A line cut short by a crash is ignored. Thread-safe.
 */
public final class TeacherScoreCache implements AutoCloseable {
  private final Path file;
  private final Map<String, Float> scores = new HashMap<>();
  private final BufferedWriter out;
  private long hits;
  private long misses;

  public TeacherScoreCache(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          int tab = line.lastIndexOf('\t');
          if (tab > 0) {
            try {
              scores.put(line.substring(0, tab), Float.parseFloat(line.substring(tab + 1)));
            } catch (NumberFormatException ignored) {
              // a line cut short by a crash
            }
          }
        }
      }
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open teacher cache " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The cache file of a teacher under {@code root}: for a model folder, named by a digest of its {@code model.onnx}
   * (the same weights share their scores wherever the folder is moved; retrained weights get a new file); for an
   * embedded model, by its name.
   */
  public static Path fileFor(Path root, String model) {
    Path folder = Path.of(model);
    if (!Files.isDirectory(folder)) {
      return root.resolve(model + ".tsv");
    }
    Path onnx = folder.resolve("model.onnx");
    try (InputStream in = Files.newInputStream(onnx)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return root.resolve("onnx-" + HexFormat.of().formatHex(sha.digest(), 0, 8) + ".tsv");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read teacher model " + onnx + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** A key for a query and documents, joined so that ids with any characters but tab and newline stay distinct. */
  public static String key(String... parts) {
    return String.join("\u0001", parts);
  }

  public synchronized Float get(String key) {
    Float s = scores.get(key);
    if (s == null) {
      misses++;
    } else {
      hits++;
    }
    return s;
  }

  public synchronized void put(String key, float score) {
    if (key.indexOf('\t') >= 0 || key.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("cache keys cannot hold tabs or line breaks: " + key);
    }
    scores.put(key, score);
    try {
      out.write(key);
      out.write('\t');
      out.write(Float.toString(score));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public synchronized int size() {
    return scores.size();
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
