package dev.quarry.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Builds a directory (an index, a model) in a hidden temporary sibling and moves it into place only when complete,
 * so that an interrupted build never leaves something that later opens as if whole. Closing without
 * {@link #commit()} deletes the temporary directory. Not thread-safe.
 *
 * <pre>{@code
 * try (AtomicDirectory out = AtomicDirectory.create(target, overwrite)) {
 *   write(out.path());
 *   out.commit();
 * }
 * }</pre>
 */
public final class AtomicDirectory implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private boolean done;

  private AtomicDirectory(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  /**
   * @param overwrite replace an existing {@code target}; without it an existing target is refused
   * @throws IllegalArgumentException if {@code target} exists and {@code overwrite} is false
   */
  public static AtomicDirectory create(Path target, boolean overwrite) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !overwrite) {
      throw new IllegalArgumentException(target + " already exists; pass --overwrite to replace it");
    }
    try {
      Files.createDirectories(absolute.getParent());
      Path temp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".partial-");
      return new AtomicDirectory(absolute, temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory beside " + target + ": " + e.getMessage(), e);
    }
  }

  /** Where to write until {@link #commit()}. */
  public Path path() {
    return temp;
  }

  public Path target() {
    return target;
  }

  /** Moves the finished directory into place, replacing the old one if overwriting. */
  public void commit() {
    if (done) {
      throw new IllegalStateException("already committed or closed: " + target);
    }
    done = true;
    try {
      Path old = null;
      if (Files.exists(target)) {
        old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      if (old != null) {
        deleteRecursively(old);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot move " + temp + " to " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (!done) {
      done = true;
      deleteQuietly(temp);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteRecursively(dir);
    } catch (IOException ignored) {
      // best effort: what is left is hidden and named .partial-
    }
  }

  /** Deletes a directory tree; a missing one is fine. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
