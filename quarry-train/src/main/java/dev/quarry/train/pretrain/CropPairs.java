/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.Arrays;
import java.util.Random;

/**
 * Contriever's positive pairs (Izacard et al., "Unsupervised Dense Information Retrieval with Contrastive Learning",
 * TMLR 2022): a chunk of up to {@code chunk} word pieces of a page (its paragraphs from a random one on, a window at a
 * random offset), and two independent random crops of it, each a share drawn uniformly in [{@code min}, {@code max}]
 * of the chunk's pieces (10-50% in the paper), each piece of a crop then deleted with probability {@code deletion}
 * (0.1; at least one piece is kept). Ids without special tokens; the objective adds them.
 */
public final class CropPairs implements PairSource {
  private final WordPieces pieces;
  private final int chunk;
  private final double min;
  private final double max;
  private final double deletion;

  public CropPairs(WordPieces pieces, int chunk, double min, double max, double deletion) {
    if (chunk < 2 || !(min > 0 && min <= max && max <= 1) || !(deletion >= 0 && deletion < 1)) {
      throw new IllegalArgumentException("crops need chunk >= 2, 0 < min <= max <= 1 and deletion in [0, 1); got "
          + chunk + ", " + min + ", " + max + ", " + deletion);
    }
    this.pieces = pieces;
    this.chunk = chunk;
    this.min = min;
    this.max = max;
    this.deletion = deletion;
  }

  @Override
  public PretrainTask task() {
    return PretrainTask.CROP;
  }

  @Override
  public boolean accepts(PageCorpus.Page page) {
    return hasWords(page);
  }

  /** Whether a page has two words to crop from (in a paragraph or its title); no tokenizer needed. */
  static boolean hasWords(PageCorpus.Page page) {
    return page.paragraphs().stream().anyMatch(p -> SentenceSplitter.words(p.text(), 0, p.text().length()) >= 2)
        || SentenceSplitter.words(page.title(), 0, page.title().length()) >= 2;
  }

  @Override
  public Pair pair(PageCorpus corpus, int index, Random random) {
    long[] tokens = chunk(corpus.page(index), random);
    long[] q = crop(tokens, random);
    long[] k = crop(tokens, random);
    return Pair.tokens(q, k, new PageCorpus.Anchor(index, -1));
  }

  /** Up to {@code chunk} pieces of the page: from a random paragraph on, a window at a random offset. */
  long[] chunk(PageCorpus.Page page, Random random) {
    int paragraphs = page.paragraphs().size();
    int from = paragraphs == 0 ? 0 : random.nextInt(paragraphs);
    long[] tokens = pieces(page, from);
    if (tokens.length == 0) {
      // the paragraphs from there on are blank: from the page's start (a page it accepts has words)
      tokens = pieces(page, 0);
    }
    if (tokens.length <= chunk) {
      return tokens;
    }
    int start = random.nextInt(tokens.length - chunk + 1);
    return Arrays.copyOfRange(tokens, start, start + chunk);
  }

  private long[] pieces(PageCorpus.Page page, int from) {
    long[] tokens = new long[0];
    int paragraphs = page.paragraphs().size();
    // the title leads a page's first paragraph, as in the passages retrieval reads
    for (int j = from; j < Math.max(1, paragraphs) && tokens.length < chunk; j++) {
      String text = paragraphs == 0 ? "" : page.paragraphs().get(j).text();
      long[] more = pieces.ids(j == 0 ? page.passage(text) : text);
      long[] joined = Arrays.copyOf(tokens, tokens.length + more.length);
      System.arraycopy(more, 0, joined, tokens.length, more.length);
      tokens = joined;
    }
    return tokens;
  }

  /** Contriever's {@code randomcrop} then {@code deleteword}. */
  long[] crop(long[] tokens, Random random) {
    double ratio = min + (max - min) * random.nextDouble();
    int length = Math.max(1, (int) (tokens.length * ratio));
    int start = random.nextInt(tokens.length - length + 1);
    long[] kept = new long[length];
    int n = 0;
    for (int i = start; i < start + length; i++) {
      if (deletion == 0 || random.nextDouble() >= deletion) {
        kept[n++] = tokens[i];
      }
    }
    if (n == 0) {
      kept[n++] = tokens[start];
    }
    return Arrays.copyOf(kept, n);
  }
}
