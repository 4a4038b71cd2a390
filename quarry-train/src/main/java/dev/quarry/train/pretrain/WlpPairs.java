/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.Random;

/**
 * Wiki-link prediction (Chang et al., ICLR 2020): a sentence of page A's lead section is the query; the positive is a
 * passage of a page B that links to A: the paragraph of B that holds the link (with B's title), drawn uniformly among
 * A's in-links. Needs a page collection with links; a page nothing links to gives no pair.
 */
public final class WlpPairs implements PairSource {
  private final int minWords;

  public WlpPairs(int minWords) {
    if (minWords < 1) {
      throw new IllegalArgumentException("minWords must be positive; got " + minWords);
    }
    this.minWords = minWords;
  }

  @Override
  public PretrainTask task() {
    return PretrainTask.WLP;
  }

  @Override
  public boolean accepts(PageCorpus.Page page) {
    return Sentences.leadHasQuery(page, minWords) && !page.inLinks().isEmpty();
  }

  @Override
  public Pair pair(PageCorpus corpus, int index, Random random) {
    PageCorpus.Page page = corpus.page(index);
    int[] lead = Sentences.drawLead(page, minWords, random);
    PageCorpus.Anchor anchor = page.inLinks().get(random.nextInt(page.inLinks().size()));
    PageCorpus.Page linking = corpus.page(anchor.page());
    return Pair.texts(page.paragraphs().get(lead[0]).sentence(lead[1]),
        linking.passage(linking.paragraphs().get(anchor.paragraph()).text()), anchor);
  }
}
