/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a directory (an index, a model) in a hidden temporary sibling and moves it into place only when complete,
 * so that an interrupted build never leaves something that later opens as if whole. Closing without
 * {@link #commit()} deletes the temporary directory. Not thread-safe.
 *
 * <pre>{@code
 * try (AtomicDirectory out = AtomicDirectory.create(target, overwrite, IndexManifest.FILE_NAME)) {
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
   * @param marker the file that every folder of this kind holds ({@code quarry-index.json} for an index,
   *     {@code quarry.json} for a model): an existing target is replaced only if it holds it (or is empty), so that
   *     {@code --overwrite} never deletes what Quarry did not write
   * @throws IllegalArgumentException if {@code target} exists and may not be replaced, saying what is there
   */
  public static AtomicDirectory create(Path target, boolean overwrite, String marker) {
    checkTarget(target, overwrite, marker);
    Path absolute = target.toAbsolutePath().normalize();
    return new AtomicDirectory(absolute, Partials.directory(absolute));
  }

  /**
   * Whether {@link #create} may write {@code target}, checked before any work so that a command can refuse at once.
   *
   * @throws IllegalArgumentException saying why not
   */
  public static void checkTarget(Path target, boolean overwrite, String marker) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!overwrite) {
        throw new IllegalArgumentException(target + " already exists; pass --overwrite to replace it");
      }
      refuseUnlessOurs(target, absolute, marker);
    }
  }

  private static void refuseUnlessOurs(Path target, Path absolute, String marker) {
    if (!Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(target + " is a file; --overwrite replaces only a folder Quarry wrote (with "
          + marker + "). Choose another path or remove it yourself");
    }
    if (Files.exists(absolute.resolve(marker))) {
      return;
    }
    try (Stream<Path> entries = Files.list(absolute)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(5).toList();
      if (!names.isEmpty()) {
        throw new IllegalArgumentException(target + " holds " + String.join(", ", names) + (names.size() == 5
            ? ", ..." : "") + " and no " + marker + ": it is not Quarry's, and --overwrite replaces only what Quarry"
            + " wrote. Choose another path or remove it yourself");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + target + ": " + e.getMessage(), e);
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
      Partials.release(temp);
      if (old != null) {
        deleteRecursively(old);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      Partials.release(temp);
      throw new UncheckedIOException("cannot move " + temp + " to " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (!done) {
      done = true;
      deleteQuietly(temp);
      Partials.release(temp);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteRecursively(dir);
    } catch (IOException ignored) {
      // best effort: what is left is hidden, named .partial-, and removed by the next build of the target
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
