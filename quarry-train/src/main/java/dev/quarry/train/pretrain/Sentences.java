/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Drawing query sentences: uniformly among those of at least a given number of words. */
final class Sentences {
  private Sentences() {}

  /** Whether {@code paragraph} has a sentence of at least {@code minWords} words. */
  static boolean hasQuery(PageCorpus.Paragraph paragraph, int minWords) {
    for (int w : paragraph.words()) {
      if (w >= minWords) {
        return true;
      }
    }
    return false;
  }

  /** A sentence of {@code paragraph} of at least {@code minWords} words (it must have one). */
  static int draw(PageCorpus.Paragraph paragraph, int minWords, Random random) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < paragraph.words().length; i++) {
      if (paragraph.words()[i] >= minWords) {
        candidates.add(i);
      }
    }
    return candidates.get(random.nextInt(candidates.size()));
  }

  /** A lead sentence of at least {@code minWords} words, drawn uniformly among all the lead's, and its paragraph. */
  static int[] drawLead(PageCorpus.Page page, int minWords, Random random) {
    List<int[]> candidates = new ArrayList<>();
    for (int j = 0; j < page.leadParagraphs(); j++) {
      int[] words = page.paragraphs().get(j).words();
      for (int i = 0; i < words.length; i++) {
        if (words[i] >= minWords) {
          candidates.add(new int[] {j, i});
        }
      }
    }
    return candidates.get(random.nextInt(candidates.size()));
  }

  /** Whether the page's lead has a sentence of at least {@code minWords} words. */
  static boolean leadHasQuery(PageCorpus.Page page, int minWords) {
    return page.lead().stream().anyMatch(p -> hasQuery(p, minWords));
  }
}
