/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of evaluating one run: each metric's value for each evaluated query, and their means.
 *
 * @param metrics the metrics, in the order of the value arrays
 * @param perQuery query id to values (one per metric), in sorted query-id order
 * @param means the mean of each metric over the evaluated queries
 */
public record Evaluation(List<Metric> metrics, Map<String, double[]> perQuery, double[] means) {

  public Evaluation {
    metrics = List.copyOf(metrics);
    perQuery = Collections.unmodifiableMap(new LinkedHashMap<>(perQuery));
  }

  /** The mean of one metric. */
  public double mean(Metric metric) {
    return means[index(metric)];
  }

  /** The mean of a metric given by name, such as {@code ndcg@10}. */
  public double mean(String metric) {
    return mean(Metric.parse(metric));
  }

  /** One metric's per-query values, keyed by query id. */
  public Map<String, Double> perQuery(Metric metric) {
    int i = index(metric);
    Map<String, Double> values = new LinkedHashMap<>();
    perQuery.forEach((q, v) -> values.put(q, v[i]));
    return values;
  }

  /**
   * Each metric of this evaluation against a baseline's, by the paired tests of {@link PairedComparison} (default
   * trials and seed), in the order of {@link #metrics()}: what {@code quarry eval --baseline} prints.
   */
  public List<PairedComparison> comparedTo(Evaluation baseline) {
    return metrics.stream().map(m -> PairedComparison.compare(baseline.perQuery(m), perQuery(m))).toList();
  }

  public int queryCount() {
    return perQuery.size();
  }

  private int index(Metric metric) {
    int i = metrics.indexOf(metric);
    if (i < 0) {
      throw new IllegalArgumentException(metric + " was not evaluated; evaluated: " + metrics);
    }
    return i;
  }

  /** trec_eval-style lines, {@code metric<TAB>query<TAB>value}, per query (if asked) and then {@code all}. */
  public String format(boolean withPerQuery) {
    StringBuilder out = new StringBuilder();
    if (withPerQuery) {
      perQuery.forEach((q, values) -> {
        for (int i = 0; i < metrics.size(); i++) {
          out.append(line(metrics.get(i).name(), q, values[i]));
        }
      });
    }
    for (int i = 0; i < metrics.size(); i++) {
      out.append(line(metrics.get(i).name(), "all", means[i]));
    }
    out.append(String.format(Locale.ROOT, "%-12s\t%s\t%d%n", "num_q", "all", perQuery.size()));
    return out.toString();
  }

  private static String line(String metric, String query, double value) {
    return String.format(Locale.ROOT, "%-12s\t%s\t%.4f%n", metric, query, value);
  }
}
