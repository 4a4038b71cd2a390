/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * PairDistill's training group for one query: the documents of its sampled pairs, filled from the pointwise-ranked
 * list until the group has {@code size} documents, then sorted by pointwise score (the ranked list's order). The
 * first document of a group is the teacher's best, the target of the in-batch term.
 */
public final class GroupBuilder {
  private final int size;

  public GroupBuilder(int size) {
    if (size < 2) {
      throw new IllegalArgumentException("a group needs at least 2 documents; got " + size);
    }
    this.size = size;
  }

  public int size() {
    return size;
  }

  /**
   * @param ranked the positions 0..n-1 of the pointwise-ranked list (best first)
   * @param pairs the sampled pairs, as positions in that list
   * @return the group as positions in the ranked list, ascending (best first), or fewer than {@code size} if the
   *     list is short
   */
  public List<Integer> build(int rankedSize, List<PairWindowSampler.Pair> pairs) {
    Set<Integer> chosen = new LinkedHashSet<>();
    for (PairWindowSampler.Pair p : pairs) {
      chosen.add(p.first());
      chosen.add(p.second());
    }
    for (int i = 0; i < rankedSize && chosen.size() < size; i++) {
      chosen.add(i);
    }
    List<Integer> group = new ArrayList<>(chosen);
    group.sort(null);
    return group.size() > size ? group.subList(0, size) : group;
  }
}
