/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The inverse cloze task (Lee et al., ACL 2019; Chang et al., ICLR 2020): a sentence of a paragraph is the query, the
 * rest of the paragraph (with the page's title) its positive; the sentence is left in the passage a share
 * {@code keep} of the time (10% in both papers), so that the model also learns that a passage containing the query's
 * words is relevant. The paragraph is drawn among the page's paragraphs of two or more sentences, the sentence among
 * those of at least {@code minWords} words.
 */
public final class IctPairs implements PairSource {
  private final int minWords;
  private final double keep;

  public IctPairs(int minWords, double keep) {
    if (minWords < 1 || !(keep >= 0 && keep < 1)) {
      throw new IllegalArgumentException("minWords must be positive and keep in [0, 1); got " + minWords + ", "
          + keep);
    }
    this.minWords = minWords;
    this.keep = keep;
  }

  @Override
  public PretrainTask task() {
    return PretrainTask.ICT;
  }

  private boolean usable(PageCorpus.Paragraph p) {
    if (p.sentences().size() < 2) {
      return false;
    }
    for (int w : p.words()) {
      if (w >= minWords) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean accepts(PageCorpus.Page page) {
    return page.paragraphs().stream().anyMatch(this::usable);
  }

  @Override
  public Pair pair(PageCorpus corpus, int index, Random random) {
    PageCorpus.Page page = corpus.page(index);
    List<Integer> paragraphs = new ArrayList<>();
    for (int j = 0; j < page.paragraphs().size(); j++) {
      if (usable(page.paragraphs().get(j))) {
        paragraphs.add(j);
      }
    }
    int j = paragraphs.get(random.nextInt(paragraphs.size()));
    PageCorpus.Paragraph p = page.paragraphs().get(j);
    int s = Sentences.draw(p, minWords, random);
    boolean kept = random.nextDouble() < keep;
    return Pair.texts(p.sentence(s), page.passage(kept ? p.text() : p.without(s)), new PageCorpus.Anchor(index, j));
  }
}
