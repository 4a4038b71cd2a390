/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.core.training.TrainingExample.PairPreference;
import dev.quarry.core.training.TrainingExample.Passage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeacherAgreementTest {
  // q1 judges a = 2, b = 1 (c unjudged: 0); the pointwise teacher ranks b (0.9) over a (0.8) over c (0.1)
  private static final Qrels QRELS = new Qrels(Map.of("q1", Map.of("a", 2, "b", 1)));

  private static TrainingExample example(List<PairPreference> pairs) {
    return new TrainingExample("q1", "query", List.of(new Passage("b", "B", 0.9)),
        List.of(new Passage("a", "A", 0.8), new Passage("c", "C", 0.1)), pairs);
  }

  @Test
  void countsOnlyPairsTheQrelsOrderAndWhichTeacherGetsThemRight() {
    // group pairs the qrels order: (b,a) wrong, (b,c) right, (a,c) right
    // teacher pairs: (b,a) p = 0.3 says a > b: right where the pointwise order is wrong; (a,c) p = 0.4: wrong
    TrainingExample e = example(List.of(new PairPreference("b", "a", 0.3), new PairPreference("a", "c", 0.4)));
    TeacherAgreement agreement = TeacherAgreement.of(List.of(e), QRELS);
    assertEquals(new TeacherAgreement(3, 2, 2, 1, 1), agreement);
    assertTrue(agreement.describe().contains("66.7% of 3 group pairs"), agreement.describe());
    assertTrue(agreement.describe().contains("pointwise 50.0%, pairwise 50.0%"), agreement.describe());
  }

  @Test
  void noPairsMeansNoPairwiseFigureAndUnscoredPassagesAreAnError() {
    TeacherAgreement pointOnly = TeacherAgreement.of(List.of(example(List.of())), QRELS);
    assertEquals(0, pointOnly.teacherPairs());
    assertTrue(!pointOnly.describe().contains("pairwise"), pointOnly.describe());
    TrainingExample unscored = new TrainingExample("q1", "query", List.of(new Passage("a", "A", null)),
        List.of(new Passage("b", "B", 0.2)), List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TeacherAgreement.of(List.of(unscored), QRELS));
    assertTrue(e.getMessage().contains("passage a has no teacher score"), e.getMessage());
  }
}
