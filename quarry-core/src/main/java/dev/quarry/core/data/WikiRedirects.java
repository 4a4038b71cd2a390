/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A page collection's redirects, {@code redirects.tsv}: a header line {@code alias<TAB>title}, then one alias a line
 * and the title of the page it leads to. A line without a tab, with an empty side, or an alias given twice is an
 * error naming the file and line. A collection without the file has no redirects.
 */
public final class WikiRedirects {
  /** The redirects file of a collection folder. */
  public static final String FILE = "redirects.tsv";

  private final Map<String, String> targets;

  private WikiRedirects(Map<String, String> targets) {
    this.targets = Map.copyOf(targets);
  }

  public static WikiRedirects none() {
    return new WikiRedirects(Map.of());
  }

  /**
   * The redirects of a collection (its folder, or its pages file): {@code redirects.tsv} beside the pages, or none
   * when there is no such file.
   */
  public static WikiRedirects of(Path folderOrPages) {
    Path file = Files.isDirectory(folderOrPages) ? folderOrPages.resolve(FILE)
        : Files.isRegularFile(folderOrPages) ? folderOrPages.resolveSibling(FILE) : null;
    return file != null && Files.isRegularFile(file) ? read(file) : none();
  }

  public static WikiRedirects read(Path file) {
    Map<String, String> targets = new HashMap<>();
    Map<String, Long> lineOf = new HashMap<>();
    try (LineReader lines = new LineReader(file)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (line.isBlank() || (lines.lineNumber() == 1 && line.strip().equals("alias\ttitle"))) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw lines.error("expected 'alias<TAB>title', found no tab");
        }
        String alias = line.substring(0, tab).strip();
        String title = line.substring(tab + 1).strip();
        if (alias.isEmpty() || title.isEmpty()) {
          throw lines.error("empty " + (alias.isEmpty() ? "alias" : "title"));
        }
        Long first = lineOf.putIfAbsent(alias, lines.lineNumber());
        if (first != null) {
          throw lines.error("alias '" + alias + "' is redirected twice (first on line " + first + ")");
        }
        targets.put(alias, title);
      }
    }
    return new WikiRedirects(targets);
  }

  /** The title a link to {@code title} leads to: the redirect's target, or the title itself. */
  public String resolve(String title) {
    return targets.getOrDefault(title, title);
  }

  public int size() {
    return targets.size();
  }
}
