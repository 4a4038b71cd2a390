/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import dev.quarry.lucene.Analyzers;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryTermExtractor;
import org.apache.lucene.search.highlight.QueryTermScorer;
import org.apache.lucene.search.highlight.SimpleFragmenter;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.highlight.WeightedTerm;

/**
 * Snippets with the query's terms marked, by Lucene's highlighter: the text is analyzed as the BM25 index analyzes
 * it ({@link Analyzers#ENGLISH}), so "proteins" in a text is marked for the query "protein", exactly the matches BM25
 * scored. The same marking is applied to dense hits, so the two sides of a comparison read alike. Snippets are HTML:
 * the text is escaped and only {@code <mark>} tags are added. Thread-safe (a highlighter is made per call).
 */
public final class Snippets {
  /** The field name the analyzer is asked for; any name analyzes alike. */
  private static final String FIELD = "contents";

  private final Analyzer analyzer = Analyzers.forName(Analyzers.ENGLISH);
  private final int length;

  /** @param length the snippet's length in characters (about) */
  public Snippets(int length) {
    if (length < 20) {
      throw new IllegalArgumentException("a snippet needs at least 20 characters; got " + length);
    }
    this.length = length;
  }

  /** The query's analyzed terms: what a hit's text is marked for (extracted once per query, for all its hits). */
  public WeightedTerm[] query(String text) {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    for (String token : Analyzers.tokens(analyzer, FIELD, text)) {
      builder.add(new TermQuery(new Term(FIELD, token)), BooleanClause.Occur.SHOULD);
    }
    return QueryTermExtractor.getTerms(builder.build());
  }

  /**
   * The best passage of {@code text} for the query's terms, marked; the text's start when no term occurs. Scored by
   * term ({@link QueryTermScorer}): a bag-of-words query has no positions to honour, and the span scorer cost 4x.
   */
  public String snippet(WeightedTerm[] terms, String text) {
    SimpleHTMLEncoder encoder = new SimpleHTMLEncoder();
    Highlighter highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), encoder,
        new QueryTermScorer(terms));
    highlighter.setTextFragmenter(new SimpleFragmenter(length));
    highlighter.setMaxDocCharsToAnalyze(Math.max(text.length(), 1));
    try {
      String best = highlighter.getBestFragment(analyzer, FIELD, text);
      if (best != null) {
        return best;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidTokenOffsetsException e) {
      throw new IllegalStateException("the analyzer gave offsets outside the text: " + e.getMessage(), e);
    }
    return encoder.encodeText(text.length() <= length ? text : text.substring(0, cut(text)) + " …");
  }

  /** Where to cut a text for an unmarked snippet: the last space before the length, if any. */
  private int cut(String text) {
    int space = text.lastIndexOf(' ', length);
    return space > length / 2 ? space : length;
  }
}
