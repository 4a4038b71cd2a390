/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relevance judgments: for each query, document id to graded relevance (0 = judged non-relevant).
 * Reads BEIR qrels ({@code query-id<TAB>corpus-id<TAB>score}, with or without that header) and TREC qrels
 * ({@code qid iter docid rel}, whitespace-separated); the format is taken from the first data line and every
 * line must then have the same number of columns. A judgment given twice is an error, as in trec_eval.
 */
public final class Qrels {
  private static final Logger LOG = LoggerFactory.getLogger(Qrels.class);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Map<String, Map<String, Integer>> judgments;

  public Qrels(Map<String, Map<String, Integer>> judgments) {
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    judgments.forEach((q, docs) -> copy.put(q, Collections.unmodifiableMap(new LinkedHashMap<>(docs))));
    this.judgments = Collections.unmodifiableMap(copy);
  }

  public static Qrels read(Path file) {
    Map<String, Map<String, Integer>> judgments = new LinkedHashMap<>();
    int columns = 0;
    try (LineReader lines = new LineReader(file)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        String stripped = line.strip();
        if (stripped.isEmpty()) {
          continue;
        }
        if (lines.lineNumber() == 1 && stripped.startsWith("query-id")) {
          continue; // BEIR header
        }
        String[] cols = WHITESPACE.split(stripped);
        if (columns == 0) {
          if (cols.length != 3 && cols.length != 4) {
            throw lines.error("expected 3 columns (query-id corpus-id score) or 4 (qid iter docid rel), found "
                + cols.length);
          }
          columns = cols.length;
        } else if (cols.length != columns) {
          throw lines.error("expected " + columns + " columns like the lines before, found " + cols.length);
        }
        String query = cols[0];
        String doc = cols[columns - 2];
        String relText = cols[columns - 1];
        int rel;
        try {
          rel = Integer.parseInt(relText);
        } catch (NumberFormatException e) {
          throw lines.error("relevance '" + relText + "' is not an integer");
        }
        if (judgments.computeIfAbsent(query, q -> new LinkedHashMap<>()).putIfAbsent(doc, rel) != null) {
          throw lines.error("document '" + doc + "' is judged twice for query '" + query + "'");
        }
      }
    }
    if (judgments.isEmpty()) {
      throw new DataFormatException(file, 0, "no judgments");
    }
    return new Qrels(judgments);
  }

  /** Query ids in file order. */
  public Set<String> queryIds() {
    return judgments.keySet();
  }

  /** The judgments of one query (empty if it has none). */
  public Map<String, Integer> judgments(String queryId) {
    return judgments.getOrDefault(queryId, Map.of());
  }

  public boolean contains(String queryId) {
    return judgments.containsKey(queryId);
  }

  public int size() {
    return judgments.size();
  }

  /** The number of (query, document) judgments. */
  public long judgmentCount() {
    return judgments.values().stream().mapToLong(Map::size).sum();
  }

  /**
   * Counts the judgments that name a query or document the collection does not have, and logs a warning when
   * there are any: such judgments are kept (they lower the scores honestly), never silently dropped.
   *
   * @return the number of judgments that name an unknown query or an unknown document
   */
  public long warnUnknown(String source, Predicate<String> knownQuery, Predicate<String> knownDocument) {
    long unknownQueries = 0;
    long unknownDocs = 0;
    long affected = 0;
    for (Map.Entry<String, Map<String, Integer>> entry : judgments.entrySet()) {
      boolean queryKnown = knownQuery.test(entry.getKey());
      if (!queryKnown) {
        unknownQueries++;
      }
      for (String doc : entry.getValue().keySet()) {
        boolean docKnown = knownDocument.test(doc);
        if (!docKnown) {
          unknownDocs++;
        }
        if (!queryKnown || !docKnown) {
          affected++;
        }
      }
    }
    if (unknownQueries > 0) {
      LOG.warn("{}: {} judged queries are not in the query set", source, unknownQueries);
    }
    if (unknownDocs > 0) {
      LOG.warn("{}: {} judgments name documents that are not in the corpus (kept: they count as not retrieved)",
          source, unknownDocs);
    }
    return affected;
  }
}
