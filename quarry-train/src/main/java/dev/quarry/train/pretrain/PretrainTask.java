/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.Arrays;
import java.util.Locale;

/**
 * A pre-training task: what it makes of a unit of the corpus and what it needs of the corpus. The pair tasks (ICT, BFS,
 * WLP, crops) make a pseudo query and its positive passage, trained with InfoNCE against the other positives of the
 * batch (and a MoCo queue when there is one); SG-OPT and RetroMAE read a passage and have losses of their own.
 */
public enum PretrainTask {
  /** Inverse cloze (Lee et al., ACL 2019; Chang et al., ICLR 2020): a sentence against the rest of its passage. */
  ICT("ict", true, false, false),
  /** Body-first selection (Chang et al.): a lead sentence against a passage from elsewhere in the same page. */
  BFS("bfs", true, true, false),
  /** Wiki-link prediction (Chang et al.): a lead sentence of page A against a passage of a page B linking to A. */
  WLP("wlp", true, true, true),
  /** Contriever's independent random crops of one document (Izacard et al. 2021). */
  CROP("crop", true, false, false),
  /** Self-guided contrastive learning, SG-OPT (Kim et al., ACL 2021). */
  SGOPT("sgopt", false, false, false),
  /** RetroMAE's masked auto-encoding with enhanced decoding (Xiao et al., EMNLP 2022). */
  RETROMAE("retromae", false, false, false);

  private final String label;
  private final boolean pair;
  private final boolean needsLeads;
  private final boolean needsLinks;

  PretrainTask(String label, boolean pair, boolean needsLeads, boolean needsLinks) {
    this.label = label;
    this.pair = pair;
    this.needsLeads = needsLeads;
    this.needsLinks = needsLinks;
  }

  /** The name a user types. */
  public String label() {
    return label;
  }

  /** Whether the task makes (query, positive) pairs for the contrastive loss. */
  public boolean isPair() {
    return pair;
  }

  /** Whether the task needs pages with a lead section and other sections (a page collection, not a BEIR corpus). */
  public boolean needsLeads() {
    return needsLeads;
  }

  /** Whether the task needs hyperlinks between pages. */
  public boolean needsLinks() {
    return needsLinks;
  }

  public static PretrainTask parse(String name) {
    for (PretrainTask t : values()) {
      if (t.label.equals(name.strip().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown task '" + name + "'; the tasks are "
        + String.join(", ", Arrays.stream(values()).map(PretrainTask::label).toList()));
  }

  @Override
  public String toString() {
    return label;
  }
}
