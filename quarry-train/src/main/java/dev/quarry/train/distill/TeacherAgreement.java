/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import dev.quarry.core.data.Qrels;
import dev.quarry.core.training.TrainingExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often a round's teachers order two documents as the human judgements do, over the pairs the qrels tell apart
 * (different grades; an unjudged document counts as grade 0). PairDistill rests on a pairwise teacher ordering
 * close candidates better than a pointwise one; this is the direct check of that on the training data, and the
 * first thing to read when distillation does not help.
 *
 * @param groupPairs pairs of documents within a query's group with different grades
 * @param groupPointwiseAgree of those, pairs the pointwise teacher scores in the qrels' order
 * @param teacherPairs pairs judged by the pairwise teacher with different grades, both in the group (the pairs
 *     training uses)
 * @param teacherPointwiseAgree of those, pairs the pointwise teacher scores in the qrels' order
 * @param teacherPairwiseAgree of those, pairs the pairwise teacher orders as the qrels do (P(first > second) > 0.5
 *     exactly when first has the higher grade)
 */
public record TeacherAgreement(long groupPairs, long groupPointwiseAgree, long teacherPairs,
    long teacherPointwiseAgree, long teacherPairwiseAgree) {

  /** Counts agreement over every example's group and pairs (examples as written to a round's training file). */
  public static TeacherAgreement of(List<TrainingExample> examples, Qrels qrels) {
    long groupPairs = 0;
    long groupAgree = 0;
    long teacherPairs = 0;
    long teacherPointAgree = 0;
    long teacherPairAgree = 0;
    for (TrainingExample e : examples) {
      Map<String, Integer> grades = qrels.judgments(e.queryId());
      List<TrainingExample.Passage> group = new ArrayList<>(e.positives());
      group.addAll(e.negatives());
      Map<String, Double> score = new HashMap<>();
      for (TrainingExample.Passage p : group) {
        if (p.score() == null) {
          throw new IllegalArgumentException("query " + e.queryId() + ": passage " + p.id() + " has no teacher score");
        }
        score.put(p.id(), p.score());
      }
      for (int i = 0; i < group.size(); i++) {
        for (int j = i + 1; j < group.size(); j++) {
          int order = Integer.compare(grade(grades, group.get(i).id()), grade(grades, group.get(j).id()));
          if (order != 0) {
            groupPairs++;
            groupAgree += Integer.signum(Double.compare(group.get(i).score(), group.get(j).score())) == order ? 1 : 0;
          }
        }
      }
      for (TrainingExample.PairPreference pair : e.pairs()) {
        int order = Integer.compare(grade(grades, pair.first()), grade(grades, pair.second()));
        if (order != 0 && score.containsKey(pair.first()) && score.containsKey(pair.second())) {
          teacherPairs++;
          teacherPointAgree += Integer.signum(Double.compare(score.get(pair.first()), score.get(pair.second()))) == order ? 1 : 0;
          teacherPairAgree += (pair.probability() > 0.5 ? 1 : -1) == order ? 1 : 0;
        }
      }
    }
    return new TeacherAgreement(groupPairs, groupAgree, teacherPairs, teacherPointAgree, teacherPairAgree);
  }

  private static int grade(Map<String, Integer> grades, String docId) {
    return Math.max(0, grades.getOrDefault(docId, 0));
  }

  /** One line for the log: each agreement as a percentage of the pairs it is over. */
  public String describe() {
    String line = String.format(Locale.ROOT, "pointwise teacher agrees with the qrels on %s of %,d group pairs they"
        + " order", percent(groupPointwiseAgree, groupPairs), groupPairs);
    if (teacherPairs > 0) {
      line += String.format(Locale.ROOT, "; on the %,d sampled pairs they order, pointwise %s, pairwise %s",
          teacherPairs, percent(teacherPointwiseAgree, teacherPairs), percent(teacherPairwiseAgree, teacherPairs));
    }
    return line;
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
