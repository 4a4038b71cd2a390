/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The tasks of a pre-training run and their weights, as a user writes them: {@code ict}, or {@code ict,bfs=1,wlp=2}
 * (a task without a weight has 1). Each example of a batch is given one task, drawn with these weights from a
 * generator seeded by (seed, step, position), so a mixed batch trains the tasks together, in proportion (Chang et al.
 * train ICT, BFS and WLP together this way). Immutable.
 */
public record TaskMix(Map<PretrainTask, Double> weights) {
  public TaskMix {
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("name at least one task");
    }
  }

  /** Parses {@code task[=weight][,task[=weight]...]}. */
  public static TaskMix parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("name at least one task: ict, bfs, wlp, crop, sgopt or retromae");
    }
    Map<PretrainTask, Double> weights = new LinkedHashMap<>();
    for (String part : text.split(",", -1)) {
      String[] nameWeight = part.split("=", -1);
      if (nameWeight.length > 2 || nameWeight[0].isBlank()) {
        throw new IllegalArgumentException("each task is NAME or NAME=WEIGHT, like ict,bfs=1,wlp=1; got '" + part
            + "'");
      }
      PretrainTask task = PretrainTask.parse(nameWeight[0]);
      double weight;
      try {
        weight = nameWeight.length == 2 ? Double.parseDouble(nameWeight[1].strip()) : 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the weight of " + task + " must be a number; got '" + nameWeight[1] + "'");
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("the weight of " + task + " must be positive; got " + nameWeight[1]);
      }
      if (weights.put(task, weight) != null) {
        throw new IllegalArgumentException("task " + task + " is named twice");
      }
    }
    return new TaskMix(weights);
  }

  public List<PretrainTask> tasks() {
    return new ArrayList<>(weights.keySet());
  }

  /** A task drawn with the weights. */
  public PretrainTask draw(Random random) {
    if (weights.size() == 1) {
      return weights.keySet().iterator().next();
    }
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    double x = random.nextDouble() * total;
    PretrainTask last = null;
    for (Map.Entry<PretrainTask, Double> e : weights.entrySet()) {
      last = e.getKey();
      x -= e.getValue();
      if (x < 0) {
        return last;
      }
    }
    return last;
  }

  public boolean has(PretrainTask task) {
    return weights.containsKey(task);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    weights.forEach((t, w) -> parts.add(w == 1 ? t.label() : t.label() + "=" + w));
    return String.join(",", parts);
  }
}
