/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.train.config.TrainingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run trains on: its dataset, the corpus's texts by id, and the training split's judgements of the queries it
 * uses.
 */
public record TrainingSet(BeirDataset data, Map<String, String> corpus, Qrels qrels) {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingSet.class);

  /** The dataset, corpus and training queries a configuration names. */
  public static TrainingSet of(TrainingConfig config) {
    BeirDataset data = DatasetLocator.locate(config.dataset);
    return new TrainingSet(data, data.corpusTexts(), qrels(data, config));
  }

  /**
   * The training split's judgements, limited to a seeded sample of {@code maxQueries} queries with a relevant
   * document when that is set (to fit a large split into a CPU budget; the same seed gives the same sample to every
   * run, so a teacher and its student see the same queries).
   */
  public static Qrels qrels(BeirDataset data, TrainingConfig config) {
    Qrels qrels = data.qrels(config.split);
    List<String> ids = qrels.queryIds().stream()
        .filter(q -> qrels.judgments(q).values().stream().anyMatch(g -> g > 0)).sorted().toList();
    if (config.maxQueries == 0 || config.maxQueries >= ids.size()) {
      return qrels;
    }
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(config.seed));
    Map<String, Map<String, Integer>> kept = new HashMap<>();
    for (String q : shuffled.subList(0, config.maxQueries)) {
      kept.put(q, qrels.judgments(q));
    }
    LOG.info("training on {} of the {} {} queries with a relevant document (maxQueries, seed {})",
        config.maxQueries, ids.size(), config.split, config.seed);
    return new Qrels(kept);
  }
}
