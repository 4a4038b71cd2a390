/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.onnx.ModelRegistry;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RetroMAE's masks on a real passage with the real tokenizer: the encoder masks its share of the pieces, whole words
 * at a time, BERT's 80/10/10 way; each decoder position hides its share and always itself.
 */
class RetroMaeMasksTest {
  static final String PASSAGE = "Photosynthesis converts light energy into chemical energy that fuels the"
      + " organism's activities; chlorophyll absorbs mostly blue and red wavelengths, reflecting green, which is why"
      + " leaves look green to us. Unbelievably, some bacteria photosynthesize without producing oxygen at all.";

  @Test
  void encoderAndDecoderMasksHaveTheirRatiosAndTheDecoderNeverSeesItsOwnPosition() {
    try (WordPieces pieces = new WordPieces(ModelRegistry.resolve(ModelRegistry.DEFAULT_MODEL))) {
      long[] body = pieces.ids(PASSAGE);
      long[] ids = new long[body.length + 2];
      ids[0] = pieces.cls();
      System.arraycopy(body, 0, ids, 1, body.length);
      ids[ids.length - 1] = pieces.sep();
      int n = ids.length;
      int maskable = n - 2;
      boolean continued = false;
      for (long id : body) {
        continued |= pieces.continues(id);
      }
      assertTrue(continued, "the passage has words of several pieces, so whole-word masking is exercised");
      long replacedByMask = 0;
      long replacedByOther = 0;
      long predicted = 0;
      double hiddenShare = 0;
      int draws = 300;
      for (int d = 0; d < draws; d++) {
        RetroMaeMasks m = RetroMaeMasks.draw(ids, pieces, 0.3, 0.5, new Random(d));
        int masked = 0;
        for (int i = 0; i < n; i++) {
          if (m.encoderLabels()[i] >= 0) {
            masked++;
            assertEquals(ids[i], m.encoderLabels()[i], "the label is the original piece");
            assertFalse(i == 0 || i == n - 1, "special tokens are never masked");
            if (m.encoderIds()[i] == pieces.mask()) {
              replacedByMask++;
            } else if (m.encoderIds()[i] != ids[i]) {
              replacedByOther++;
            }
            // whole words: a masked piece's continuation pieces are masked too
            if (i + 1 < n && pieces.continues(ids[i + 1])) {
              assertTrue(m.encoderLabels()[i + 1] >= 0, "the rest of a masked word is masked");
            }
          } else {
            assertEquals(ids[i], m.encoderIds()[i], "an unmasked piece is left as it is");
          }
        }
        predicted += masked;
        // whole words fill the share up to a word short of it
        assertTrue(masked <= Math.round(0.3 * maskable) && masked >= Math.round(0.3 * maskable) - 4,
            masked + " of " + maskable);
        for (int i = 0; i < n; i++) {
          assertFalse(m.visible()[i][i], "position " + i + " never attends to itself");
          int hidden = 0;
          for (int j = 1; j < n - 1; j++) {
            hidden += !m.visible()[i][j] && j != i ? 1 : 0;
          }
          hiddenShare += (double) hidden / maskable;
          for (int j : new int[] {0, n - 1}) {
            if (j != i) {
              assertTrue(m.visible()[i][j], "special tokens (position 0: the sentence embedding) stay visible");
            }
          }
          assertEquals(i == 0 || i == n - 1 ? -1 : ids[i], m.decoderLabels()[i], "every non-special piece is"
              + " predicted by the decoder");
        }
      }
      // 80% [MASK], 10% another piece (a random piece may also be the same one, rarely), 10% left
      assertEquals(0.8, (double) replacedByMask / predicted, 0.04);
      assertEquals(0.1, (double) replacedByOther / predicted, 0.03);
      assertEquals(0.5, hiddenShare / (draws * n), 0.03, "each decoder row hides half the pieces");
    }
  }

  @Test
  void wholeWordMaskingMasksExactlyTheShareOfSinglePieceWords() {
    try (WordPieces pieces = new WordPieces(ModelRegistry.resolve(ModelRegistry.DEFAULT_MODEL))) {
      long[] ids = pieces.ids("one two three four five six seven eight nine ten");
      for (int d = 0; d < 50; d++) {
        boolean[] masked = RetroMaeMasks.wholeWords(ids, pieces, 0.3, new Random(d));
        int count = 0;
        for (boolean b : masked) {
          count += b ? 1 : 0;
        }
        assertEquals(3, count, "30% of ten single-piece words");
      }
    }
  }
}
