/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A ranked result list per query. Each list is kept in {@link ScoredDocument#TREC_EVAL_ORDER}, the order in which
 * trec_eval reads a run, so that ranks written and ranks evaluated always agree. Reads and writes TREC run files
 * ({@code qid Q0 docid rank score tag}); the rank column is ignored on reading, as trec_eval ignores it.
 */
public final class Run {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Map<String, List<ScoredDocument>> results = new LinkedHashMap<>();

  /** Sets the results of one query, replacing any it had; the list is copied and sorted. */
  public void put(String queryId, List<ScoredDocument> ranked) {
    List<ScoredDocument> sorted = new ArrayList<>(ranked);
    sorted.sort(ScoredDocument.TREC_EVAL_ORDER);
    results.put(queryId, Collections.unmodifiableList(sorted));
  }

  public Set<String> queryIds() {
    return Collections.unmodifiableSet(results.keySet());
  }

  /** One query's results in trec_eval order, or an empty list. */
  public List<ScoredDocument> results(String queryId) {
    return results.getOrDefault(queryId, List.of());
  }

  public int size() {
    return results.size();
  }

  /** Reads a TREC run file. Duplicate documents within a query are an error, as in trec_eval. */
  public static Run read(Path file) {
    Map<String, List<ScoredDocument>> byQuery = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    try (LineReader lines = new LineReader(file)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        String stripped = line.strip();
        if (stripped.isEmpty()) {
          continue;
        }
        String[] cols = WHITESPACE.split(stripped);
        if (cols.length != 6) {
          throw lines.error("expected 6 columns (qid Q0 docid rank score tag), found " + cols.length);
        }
        double score;
        try {
          score = Double.parseDouble(cols[4]);
        } catch (NumberFormatException e) {
          throw lines.error("score '" + cols[4] + "' is not a number");
        }
        if (Double.isNaN(score)) {
          throw lines.error("score is NaN");
        }
        if (!seen.computeIfAbsent(cols[0], q -> new HashSet<>()).add(cols[2])) {
          throw lines.error("document '" + cols[2] + "' appears twice for query '" + cols[0] + "'");
        }
        byQuery.computeIfAbsent(cols[0], q -> new ArrayList<>()).add(new ScoredDocument(cols[2], score));
      }
    }
    Run run = new Run();
    byQuery.forEach(run::put);
    return run;
  }

  /** Writes the whole run as a TREC run file (atomically: a failed write leaves no partial file). */
  public void write(Path file, String tag) {
    try (RunWriter writer = new RunWriter(file, tag)) {
      results.forEach(writer::write);
      writer.commit();
    }
  }
}
