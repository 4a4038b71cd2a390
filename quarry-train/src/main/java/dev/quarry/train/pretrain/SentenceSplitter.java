/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a paragraph into sentences with the JDK's rule-based sentence boundaries (English rules), trimmed, as spans
 * of the paragraph's text; counts a span's words. Not thread-safe (one {@link BreakIterator}).
 */
public final class SentenceSplitter {
  private final BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ENGLISH);

  /** The sentences of {@code text} as [start, end) spans, blank ones left out. */
  public List<int[]> split(String text) {
    List<int[]> spans = new ArrayList<>();
    boundaries.setText(text);
    int start = boundaries.first();
    for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
      int s = start;
      int e = end;
      while (s < e && Character.isWhitespace(text.charAt(s))) {
        s++;
      }
      while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
        e--;
      }
      if (e > s) {
        spans.add(new int[] {s, e});
      }
    }
    return spans;
  }

  /** Whitespace-separated words in {@code text[start, end)}. */
  public static int words(String text, int start, int end) {
    int words = 0;
    boolean inWord = false;
    for (int i = start; i < end; i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
