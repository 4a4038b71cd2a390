/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One evaluation measure with an optional rank cut-off, named as users write it ({@code ndcg@10}, {@code map})
 * and mapped to the trec_eval measure it reproduces ({@code ndcg_cut.10}, {@code map}).
 *
 * @param measure what is measured
 * @param cutoff the rank cut-off k, or 0 for the whole ranking
 */
public record Metric(Measure measure, int cutoff) {

  /** The measures, each as trec_eval 9 defines it. */
  public enum Measure {
    /** Normalised discounted cumulative gain with the judged grade as the gain, discount log2(rank + 1). */
    NDCG("ndcg", true),
    /** Relevant documents in the top k over all relevant documents. */
    RECALL("recall", false),
    /** Relevant documents in the top k over k. */
    PRECISION("p", false),
    /** Reciprocal rank of the first relevant document within the top k (MRR@k). */
    MRR("mrr", true),
    /** Average precision, over the top k when cut. */
    MAP("map", true),
    /** 1 when a relevant document is in the top k. */
    SUCCESS("success", false);

    private final String label;
    private final boolean cutoffOptional;

    Measure(String label, boolean cutoffOptional) {
      this.label = label;
      this.cutoffOptional = cutoffOptional;
    }

    public String label() {
      return label;
    }
  }

  public Metric {
    if (measure == null) {
      throw new IllegalArgumentException("measure must not be null");
    }
    if (cutoff < 0) {
      throw new IllegalArgumentException("cut-off must be positive or 0 (none); got " + cutoff);
    }
    if (cutoff == 0 && !measure.cutoffOptional) {
      throw new IllegalArgumentException(measure.label + " needs a cut-off, like " + measure.label + "@10");
    }
  }

  /** The metrics the field reports for BEIR-style collections. */
  public static final List<Metric> DEFAULTS = parseList("ndcg@10,recall@100,recall@1000,mrr@10,map");

  /**
   * Parses a name like {@code ndcg@10}, {@code recall@100}, {@code p@5}, {@code mrr@10}, {@code map},
   * {@code map@100}, {@code success@10} (case-insensitive; {@code r@k} for recall, {@code rr} for MRR).
   */
  public static Metric parse(String name) {
    String text = name.strip().toLowerCase(Locale.ROOT);
    int at = text.indexOf('@');
    String label = at < 0 ? text : text.substring(0, at);
    int cutoff = 0;
    if (at >= 0) {
      try {
        cutoff = Integer.parseInt(text.substring(at + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("metric '" + name + "': cut-off must be a whole number");
      }
      if (cutoff <= 0) {
        throw new IllegalArgumentException("metric '" + name + "': cut-off must be positive");
      }
    }
    Measure measure = switch (label) {
      case "ndcg" -> Measure.NDCG;
      case "recall", "r" -> Measure.RECALL;
      case "p", "precision" -> Measure.PRECISION;
      case "mrr", "rr", "recip_rank" -> Measure.MRR;
      case "map", "ap" -> Measure.MAP;
      case "success" -> Measure.SUCCESS;
      default -> throw new IllegalArgumentException("unknown metric '" + name + "'; known: "
          + String.join(", ", Arrays.stream(Measure.values())
              .map(m -> m.cutoffOptional ? m.label + ", " + m.label + "@k" : m.label + "@k").toList()));
    };
    try {
      return new Metric(measure, cutoff);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("metric '" + name + "': " + e.getMessage());
    }
  }

  /** Parses a comma-separated list such as {@code ndcg@10,recall@100}. */
  public static List<Metric> parseList(String names) {
    List<Metric> metrics = Arrays.stream(names.split(",")).filter(s -> !s.isBlank()).map(Metric::parse).toList();
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("no metrics given");
    }
    return metrics;
  }

  /** The name as users write it. */
  public String name() {
    return cutoff == 0 ? measure.label : measure.label + "@" + cutoff;
  }

  /**
   * The trec_eval measure this reproduces. MRR@k is trec_eval's {@code recip_rank} run with {@code -M k}.
   */
  public String trecEvalName() {
    return switch (measure) {
      case NDCG -> cutoff == 0 ? "ndcg" : "ndcg_cut." + cutoff;
      case RECALL -> "recall." + cutoff;
      case PRECISION -> "P." + cutoff;
      case MRR -> "recip_rank";
      case MAP -> cutoff == 0 ? "map" : "map_cut." + cutoff;
      case SUCCESS -> "success." + cutoff;
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
