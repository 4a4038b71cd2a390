/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * RetroMAE's masks for one passage (Xiao et al., EMNLP 2022; {@code RetroMAECollator} in its code), over its ids with
 * special tokens. Both masks are whole-word: the pieces of a word ({@code ##}) are masked together, words drawn in a
 * random order until the share of the passage's (non-special) pieces is reached.
 *
 * <ul>
 *   <li>Encoder: {@code encoderRatio} of the pieces masked (15 to 30% in the paper), BERT's way: 80% become
 *       {@code [MASK]}, 10% a random piece, 10% stay; each is predicted.</li>
 *   <li>Decoder (enhanced decoding): for each position i, its own draw of {@code decoderRatio} of the pieces (50 to
 *       70%) hidden from it, and position i itself always hidden; special tokens stay visible to the other positions
 *       (position 0 carries the sentence embedding). Every non-special piece is predicted.</li>
 * </ul>
 *
 * @param encoderIds the encoder's input, masked
 * @param encoderLabels for each position, the piece to predict, or -1
 * @param visible [length][length]: whether decoder position i may attend to position j
 * @param decoderLabels for each position, the piece to predict, or -1 (special tokens)
 */
public record RetroMaeMasks(long[] encoderIds, long[] encoderLabels, boolean[][] visible, long[] decoderLabels) {

  /** The masks of {@code ids} ([CLS] ... [SEP]) drawn with {@code random}. */
  public static RetroMaeMasks draw(long[] ids, WordPieces pieces, double encoderRatio, double decoderRatio,
      Random random) {
    int n = ids.length;
    boolean[] encoderMasked = wholeWords(ids, pieces, encoderRatio, random);
    long[] encoderIds = ids.clone();
    long[] encoderLabels = new long[n];
    for (int i = 0; i < n; i++) {
      encoderLabels[i] = -1;
      if (encoderMasked[i]) {
        encoderLabels[i] = ids[i];
        double r = random.nextDouble();
        if (r < 0.8) {
          encoderIds[i] = pieces.mask();
        } else if (r < 0.9) {
          encoderIds[i] = random.nextInt(pieces.vocabularySize());
        }
      }
    }
    boolean[][] visible = new boolean[n][];
    long[] decoderLabels = new long[n];
    for (int i = 0; i < n; i++) {
      boolean[] hidden = wholeWords(ids, pieces, decoderRatio, random);
      hidden[i] = true;
      visible[i] = new boolean[n];
      for (int j = 0; j < n; j++) {
        visible[i][j] = !hidden[j];
      }
      decoderLabels[i] = pieces.isSpecial(ids[i]) ? -1 : ids[i];
    }
    return new RetroMaeMasks(encoderIds, encoderLabels, visible, decoderLabels);
  }

  /**
   * Whole-word masking as Hugging Face's {@code DataCollatorForWholeWordMask}: words (a piece and the {@code ##}
   * pieces after it; special tokens never) in a random order, each taken while the masked count stays within
   * {@code round(ratio * pieces)} (at least one).
   */
  static boolean[] wholeWords(long[] ids, WordPieces pieces, double ratio, Random random) {
    List<int[]> words = new ArrayList<>();
    int maskable = 0;
    for (int i = 0; i < ids.length; i++) {
      if (pieces.isSpecial(ids[i])) {
        continue;
      }
      maskable++;
      if (pieces.continues(ids[i]) && !words.isEmpty() && words.get(words.size() - 1)[1] == i) {
        words.get(words.size() - 1)[1] = i + 1;
      } else {
        words.add(new int[] {i, i + 1});
      }
    }
    boolean[] masked = new boolean[ids.length];
    if (maskable == 0) {
      return masked;
    }
    int target = Math.max(1, (int) Math.round(ratio * maskable));
    Collections.shuffle(words, random);
    int count = 0;
    for (int[] word : words) {
      int size = word[1] - word[0];
      if (count + size > target) {
        continue;
      }
      for (int i = word[0]; i < word[1]; i++) {
        masked[i] = true;
      }
      count += size;
      if (count == target) {
        break;
      }
    }
    return masked;
  }
}
