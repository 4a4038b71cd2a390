/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Body-first selection (Chang et al., ICLR 2020): a sentence of a page's lead section is the query, a paragraph from
 * elsewhere in the same page (any section after the lead, with the page's title) its positive. Never the lead itself:
 * the query would be found in it word for word. The query is drawn among the lead's sentences of at least
 * {@code minWords} words, the paragraph uniformly among the page's other non-blank ones.
 */
public final class BfsPairs implements PairSource {
  private final int minWords;

  public BfsPairs(int minWords) {
    if (minWords < 1) {
      throw new IllegalArgumentException("minWords must be positive; got " + minWords);
    }
    this.minWords = minWords;
  }

  @Override
  public PretrainTask task() {
    return PretrainTask.BFS;
  }

  @Override
  public boolean accepts(PageCorpus.Page page) {
    return Sentences.leadHasQuery(page, minWords) && !body(page).isEmpty();
  }

  private static List<Integer> body(PageCorpus.Page page) {
    List<Integer> body = new ArrayList<>();
    for (int j = page.leadParagraphs(); j < page.paragraphs().size(); j++) {
      if (!page.paragraphs().get(j).text().isBlank()) {
        body.add(j);
      }
    }
    return body;
  }

  @Override
  public Pair pair(PageCorpus corpus, int index, Random random) {
    PageCorpus.Page page = corpus.page(index);
    int[] lead = Sentences.drawLead(page, minWords, random);
    List<Integer> body = body(page);
    int j = body.get(random.nextInt(body.size()));
    return Pair.texts(page.paragraphs().get(lead[0]).sentence(lead[1]),
        page.passage(page.paragraphs().get(j).text()), new PageCorpus.Anchor(index, j));
  }
}
