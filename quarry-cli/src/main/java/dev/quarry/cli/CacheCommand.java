/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.search.IndexCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quarry cache list|clear}: what the cache holds, and removing it. */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Lists or clears what Quarry keeps in its cache (--cache, else $QUARRY_CACHE, else "
        + "~/.cache/quarry): BM25 indexes, encoded corpora, dense structures, teacher scores. An entry is stale when "
        + "its corpus is gone or has changed since: it can never be used again.",
    subcommands = {CacheCommand.ListEntries.class, CacheCommand.ClearEntries.class})
final class CacheCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--cache", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The cache folder (default: $QUARRY_CACHE, else ~/.cache/quarry).")
  Path cache;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give 'list' or 'clear'");
  }

  /** {@code quarry cache list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the entries with their sizes.")
  static final class ListEntries implements Callable<Integer> {
    @ParentCommand CacheCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      IndexCache cache = IndexCache.at(parent.cache);
      PrintWriter out = spec.commandLine().getOut();
      List<IndexCache.Listed> entries = cache.list();
      long total = 0;
      for (IndexCache.Listed e : entries) {
        total += e.bytes();
        out.printf(Locale.ROOT, "%-8s %10s  %-6s %s  (%s)%n", e.area(), size(e.bytes()), e.stale() ? "stale" : "",
            e.path().getFileName(), e.corpus() == null ? "corpus unknown" : e.corpus());
      }
      out.printf(Locale.ROOT, "%d entries, %s, in %s%n", entries.size(), size(total), cache.root());
      out.flush();
      return 0;
    }
  }

  /** {@code quarry cache clear}. */
  @Command(name = "clear", mixinStandardHelpOptions = true,
      description = "Deletes every entry, or with --stale only those whose corpus is gone or changed.")
  static final class ClearEntries implements Callable<Integer> {
    @ParentCommand CacheCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--stale", description = "Only the entries that can never be used again.")
    boolean stale;

    @Override
    public Integer call() {
      IndexCache cache = IndexCache.at(parent.cache);
      List<IndexCache.Listed> deleted = cache.clear(stale);
      long bytes = deleted.stream().mapToLong(IndexCache.Listed::bytes).sum();
      new Console(spec.commandLine().getErr()).info("deleted " + deleted.size() + (stale ? " stale" : "")
          + " entries, " + size(bytes) + ", from " + cache.root());
      return 0;
    }
  }

  static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
        : bytes >= 1L << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20))
        : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
  }
}
