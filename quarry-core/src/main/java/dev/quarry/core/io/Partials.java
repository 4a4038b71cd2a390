/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hidden siblings Quarry writes into before moving a finished file or folder into place:
 * {@code .<name>.partial-<pid>-<random>}. They are made with the process's umask (as the finished output should be,
 * unlike temporary-file defaults of 0600 and 0700), deleted when the process exits before finishing them (a signal,
 * {@code System.exit}), and, since a killed process cannot clean up, a partial of the same target whose process is
 * gone is deleted when the next one is made. Thread-safe.
 */
public final class Partials {
  private static final Logger LOG = LoggerFactory.getLogger(Partials.class);
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
  private static final long PID = ProcessHandle.current().pid();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Partials::deleteOpen, "quarry-partials"));
  }

  private Partials() {}

  /** A new empty partial folder beside {@code target}, registered for deletion until {@link #release}d. */
  public static Path directory(Path target) {
    return create(target, true);
  }

  /** A new empty partial file beside {@code target}, registered for deletion until {@link #release}d. */
  public static Path file(Path target) {
    return create(target, false);
  }

  /** The partial is done with: moved into place, or deleted by its owner. */
  public static void release(Path partial) {
    OPEN.remove(partial);
  }

  private static Path create(Path target, boolean directory) {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    try {
      Files.createDirectories(parent);
      deleteStale(parent, absolute.getFileName().toString());
      while (true) {
        Path partial = parent.resolve(prefix(absolute.getFileName().toString()) + PID + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        try {
          Path made = directory ? Files.createDirectory(partial) : Files.createFile(partial);
          OPEN.add(made);
          return made;
        } catch (FileAlreadyExistsException taken) {
          // another name
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write beside " + target + ": " + e.getMessage(), e);
    }
  }

  private static String prefix(String name) {
    return "." + name + ".partial-";
  }

  /** Deletes partials of {@code name} in {@code parent} left by processes that are no longer running. */
  private static void deleteStale(Path parent, String name) throws IOException {
    String prefix = prefix(name);
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, p -> p.getFileName().toString()
        .startsWith(prefix))) {
      for (Path sibling : siblings) {
        String rest = sibling.getFileName().toString().substring(prefix.length());
        int dash = rest.indexOf('-');
        long pid;
        try {
          pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        if (pid == PID && OPEN.contains(sibling)) {
          continue;
        }
        LOG.info("removing {}, left by an interrupted run", sibling);
        AtomicDirectory.deleteRecursively(sibling);
      }
    }
  }

  private static void deleteOpen() {
    for (Path partial : OPEN) {
      try {
        AtomicDirectory.deleteRecursively(partial);
      } catch (IOException ignored) {
        // best effort at exit: the next run of the same target removes what is left
      }
    }
  }
}
