package dev.quarry.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where {@code evaluate} keeps the indexes it builds, so that a second run does not build them again:
 * {@code --cache}, else {@code $QUARRY_CACHE}, else {@code ~/.cache/quarry}. An entry's name carries the
 * dataset's name and a hash of what the index depends on (the corpus file's path, size and modification time, and
 * the build settings), so a changed corpus or setting gets a new index.
 */
final class IndexCache {
  private final Path root;

  IndexCache(Path override) {
    if (override != null) {
      this.root = override;
    } else if (System.getenv("QUARRY_CACHE") != null && !System.getenv("QUARRY_CACHE").isBlank()) {
      this.root = Path.of(System.getenv("QUARRY_CACHE"));
    } else {
      this.root = Path.of(System.getProperty("user.home"), ".cache", "quarry");
    }
  }

  Path root() {
    return root.toAbsolutePath().normalize();
  }

  /** Where teacher scores are kept: {@code override}, else {@code teachers/} under the cache root. */
  static Path teachers(Path override) {
    return override != null ? override : new IndexCache(null).root().resolve("teachers");
  }

  /** The folder for an index of {@code corpus} built with {@code settings}. */
  Path indexFor(String datasetName, Path corpus, String settings) {
    try {
      String key = corpus.toAbsolutePath().normalize() + "\n" + Files.size(corpus) + "\n"
          + Files.getLastModifiedTime(corpus).toMillis() + "\n" + settings;
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(digest, 0, 6);
      return root().resolve("indexes").resolve(datasetName + "-" + hash);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + corpus + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
