/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.quarry.train.BatchSampler;
import dev.quarry.train.RetrievalModel;
import dev.quarry.train.Scalars;
import dev.quarry.train.TrainingObjective;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.train.loss.ContrastiveLoss;
import dev.quarry.train.loss.InBatchDistillationLoss;
import dev.quarry.train.loss.MarginMseLoss;
import dev.quarry.train.loss.PairwiseDistillationLoss;
import dev.quarry.train.loss.PointwiseDistillationLoss;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distillation of rerankers into a first-stage retriever (a dual encoder, or ColBERT: the objective sees only the
 * student's score matrix, {@link RetrievalModel#scores}), any weighted combination of: PairDistill's pointwise KL
 * over each query's group and pairwise KL over the teacher's pairs (Huang and Chen, EMNLP 2024), the in-batch contrastive
 * term (each query against its teacher-best passage and every passage of the other queries), in-batch KD over all
 * query-passage pairs of the batch (TCT-ColBERT; the teacher here is a dual encoder whose vectors are given), and
 * Margin-MSE. Each example's group is its positives then its negatives, in file order (sorted by the pointwise
 * teacher), each passage with its teacher score.
 */
public final class DistillationObjective implements TrainingObjective {
  /** The losses' weights; 0 leaves a loss out. PairDistill's: 1, 3, 1, 0, 0. */
  public record Weights(double pointwise, double pairwise, double inBatch, double inBatchKd, double marginMse) {}

  private final RetrievalModel student;
  private final Weights weights;
  private final PointwiseDistillationLoss pointwise;
  private final PairwiseDistillationLoss pairwise;
  private final InBatchDistillationLoss inBatchKd;
  private final ContrastiveLoss contrastive;
  private final MarginMseLoss marginMse = new MarginMseLoss();
  private final Map<String, float[]> teacherVectors;
  private final Map<String, Double> lastTerms = new LinkedHashMap<>();

  /**
   * @param temperature the student's score temperature (the setting {@code temperature}): scores (inner products,
   *     or MaxSim) are divided by it
   * @param teacherTemperature the pointwise teacher's score temperature in the pointwise KL (PairDistill's 1)
   * @param teacherVectors for in-batch KD: a teacher dual encoder's vectors by query id and passage id (may be empty)
   */
  public DistillationObjective(RetrievalModel student, Weights weights, float temperature, float teacherTemperature,
      Map<String, float[]> teacherVectors) {
    this.student = student;
    this.weights = weights;
    this.pointwise = new PointwiseDistillationLoss(temperature, teacherTemperature);
    this.pairwise = new PairwiseDistillationLoss(temperature);
    this.inBatchKd = new InBatchDistillationLoss(temperature, temperature);
    this.contrastive = new ContrastiveLoss(temperature);
    this.teacherVectors = teacherVectors;
    if (weights.inBatchKd() > 0 && teacherVectors.isEmpty()) {
      throw new IllegalArgumentException("in-batch KD needs a teacher's vectors");
    }
  }

  @Override
  public RetrievalModel model() {
    return student;
  }

  @Override
  public Map<String, Double> lastTerms() {
    return new LinkedHashMap<>(lastTerms);
  }


  @Override
  public NDArray loss(NDManager step, List<BatchSampler.Sample> part) {
    lastTerms.clear();
    List<List<TrainingExample.Passage>> groups = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (BatchSampler.Sample s : part) {
      List<TrainingExample.Passage> group = new ArrayList<>(s.example().positives());
      group.addAll(s.negatives());
      groups.add(group);
      queries.add(s.example().query());
      group.forEach(p -> texts.add(p.text()));
    }
    int size = groups.get(0).size();
    for (List<TrainingExample.Passage> g : groups) {
      if (g.size() != size) {
        throw new IllegalStateException("distillation groups must be equal in size; got " + size + " and " + g.size()
            + " (every query needs as many candidates)");
      }
    }
    int rows = part.size();
    NDArray all = student.scores(step, queries, texts, true); // [B, B*G]
    NDArray groupScores = pickOwnGroups(step, all, rows, size);
    NDArray total = step.zeros(new Shape());
    if (weights.pointwise() > 0) {
      float[] teacher = new float[rows * size];
      for (int b = 0; b < rows; b++) {
        for (int g = 0; g < size; g++) {
          teacher[b * size + g] = (float) score(groups.get(b).get(g));
        }
      }
      total = add(total, "pointwise", pointwise.compute(groupScores, step.create(teacher, new Shape(rows, size))),
          weights.pointwise());
    }
    if (weights.pairwise() > 0) {
      List<Integer> firsts = new ArrayList<>();
      List<Integer> seconds = new ArrayList<>();
      List<Float> probabilities = new ArrayList<>();
      for (int b = 0; b < rows; b++) {
        Map<String, Integer> index = new HashMap<>();
        List<TrainingExample.Passage> group = groups.get(b);
        for (int g = 0; g < size; g++) {
          index.putIfAbsent(group.get(g).id(), b * size + g);
        }
        for (TrainingExample.PairPreference pair : part.get(b).example().pairs()) {
          Integer i = index.get(pair.first());
          Integer j = index.get(pair.second());
          if (i != null && j != null) {
            firsts.add(i);
            seconds.add(j);
            probabilities.add((float) pair.probability());
          }
        }
      }
      if (!firsts.isEmpty()) {
        NDArray flat = groupScores.reshape(rows * size);
        NDArray first = flat.get(step.create(firsts.stream().mapToLong(Integer::longValue).toArray()));
        NDArray second = flat.get(step.create(seconds.stream().mapToLong(Integer::longValue).toArray()));
        float[] probs = new float[probabilities.size()];
        for (int i = 0; i < probs.length; i++) {
          probs[i] = probabilities.get(i);
        }
        total = add(total, "pairwise", pairwise.compute(first, second, step.create(probs)), weights.pairwise());
      }
    }
    if (weights.inBatch() > 0) {
      // each query against its teacher-best passage (first of its group) and every passage of the other queries
      int[] target = new int[rows];
      boolean[][] excluded = new boolean[rows][rows * size];
      for (int b = 0; b < rows; b++) {
        target[b] = b * size;
        for (int g = 1; g < size; g++) {
          excluded[b][b * size + g] = true;
        }
      }
      total = add(total, "in_batch", contrastive.compute(step, all, target, excluded), weights.inBatch());
    }
    if (weights.inBatchKd() > 0) {
      float[] teacher = new float[rows * rows * size];
      for (int b = 0; b < rows; b++) {
        float[] tq = teacherVector(part.get(b).example().queryId());
        for (int c = 0; c < rows; c++) {
          for (int g = 0; g < size; g++) {
            float[] tp = teacherVector(groups.get(c).get(g).id());
            double s = 0;
            for (int d = 0; d < tq.length; d++) {
              s += tq[d] * tp[d];
            }
            teacher[(b * rows + c) * size + g] = (float) s;
          }
        }
      }
      total = add(total, "in_batch_kd", inBatchKd.compute(all, step.create(teacher, new Shape(rows, rows * size))),
          weights.inBatchKd());
    }
    if (weights.marginMse() > 0) {
      float[] teacherMargins = new float[rows * (size - 1)];
      for (int b = 0; b < rows; b++) {
        for (int g = 1; g < size; g++) {
          teacherMargins[b * (size - 1) + g - 1] = (float) (score(groups.get(b).get(0)) - score(groups.get(b).get(g)));
        }
      }
      NDArray positive = groupScores.get(":, 0:1");
      NDArray negatives = groupScores.get(":, 1:");
      NDArray margins = positive.sub(negatives).reshape(rows * (size - 1));
      total = add(total, "margin_mse", marginMse.compute(margins, step.create(teacherMargins)), weights.marginMse());
    }
    return total;
  }

  /** {@code total + weight * term}, noting the term's value for {@link #lastTerms}. */
  private NDArray add(NDArray total, String name, NDArray term, double weight) {
    lastTerms.put(name, (double) term.getFloat());
    return total.add(term.mul(Scalars.of(total, weight)));
  }

  /** [B, G]: each query's scores against its own group, picked out of the [B, B*G] in-batch scores. */
  private static NDArray pickOwnGroups(NDManager step, NDArray all, int rows, int size) {
    List<NDArray> parts = new ArrayList<>();
    for (int b = 0; b < rows; b++) {
      parts.add(all.get(b + ":" + (b + 1) + ", " + (b * size) + ":" + ((b + 1) * size)));
    }
    return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
  }

  private static double score(TrainingExample.Passage p) {
    if (p.score() == null) {
      throw new IllegalStateException("passage '" + p.id() + "' has no teacher score; distillation needs one for"
          + " every candidate");
    }
    return p.score();
  }

  private float[] teacherVector(String id) {
    float[] v = teacherVectors.get(id);
    if (v == null) {
      throw new IllegalStateException("no teacher vector for '" + id + "'");
    }
    return v;
  }
}
