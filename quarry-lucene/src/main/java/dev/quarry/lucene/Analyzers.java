/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The analysis Anserini's BEIR indexes use: Lucene's {@link EnglishAnalyzer} (standard tokenizer, English
 * possessive removal, lower-casing, Lucene's English stop list, Porter stemming).
 */
public final class Analyzers {
  /** The name recorded in an index's manifest, so a searcher analyzes queries as the index was analyzed. */
  public static final String ENGLISH = "english";

  private Analyzers() {}

  public static Analyzer forName(String name) {
    if (ENGLISH.equals(name)) {
      return new EnglishAnalyzer();
    }
    throw new IllegalArgumentException("unknown analyzer '" + name + "'; known: " + ENGLISH);
  }

  /** A text's analyzed terms, each with its count, in order of first occurrence: BM25's bag of words. */
  public static Map<String, Integer> termCounts(Analyzer analyzer, String field, String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String token : tokens(analyzer, field, text)) {
      counts.merge(token, 1, Integer::sum);
    }
    return counts;
  }

  /** The analyzed tokens of a text, in order. */
  public static List<String> tokens(Analyzer analyzer, String field, String text) {
    List<String> tokens = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        tokens.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tokens;
  }
}
