/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import dev.quarry.core.data.Run;
import dev.quarry.core.search.Fusion;
import java.nio.file.Path;
import java.util.List;

/**
 * TREC runs: reading, writing and fusing them (hybrid retrieval over the runs of several retrievers), as
 * {@code quarry fuse} does.
 *
 * <pre>{@code
 * Run hybrid = Runs.reciprocalRank(List.of(bm25Run, denseRun), 1000);
 * Runs.write(hybrid, Path.of("runs/hybrid.trec"), "hybrid");
 * }</pre>
 */
public final class Runs {
  private Runs() {}

  /**
   * Reads a TREC run ({@code qid Q0 docid rank score tag}).
   *
   * @param file the run file
   * @return the run, each query's documents in trec_eval's order
   * @throws dev.quarry.core.data.DataFormatException naming the file and line of a malformed line
   */
  public static Run read(Path file) {
    return Run.read(file);
  }

  /**
   * Writes a TREC run, atomically (a reader never sees half a file).
   *
   * @param run the run
   * @param file where to write it
   * @param tag the run tag, its last column
   */
  public static void write(Run run, Path file, String tag) {
    run.write(file, tag);
  }

  /**
   * Reciprocal rank fusion (Cormack et al., SIGIR 2009) with k = 60.
   *
   * @param runs two or more runs
   * @param depth documents kept per query
   * @return the fused run
   */
  public static Run reciprocalRank(List<Run> runs, int depth) {
    return reciprocalRank(runs, Fusion.DEFAULT_RRF_K, depth);
  }

  /**
   * Reciprocal rank fusion: a document's score is the sum over runs of 1 / (k + rank).
   *
   * @param runs two or more runs
   * @param k the constant k, at least 0
   * @param depth documents kept per query
   * @return the fused run
   * @throws IllegalArgumentException naming the value of a setting that cannot be used
   */
  public static Run reciprocalRank(List<Run> runs, int k, int depth) {
    return Fusion.reciprocalRank(runs, k, depth);
  }

  /**
   * Per-query min-max normalised score interpolation.
   *
   * @param runs two or more runs
   * @param weights one weight per run, in order
   * @param depth documents kept per query
   * @return the fused run
   * @throws IllegalArgumentException naming the value of a setting that cannot be used
   */
  public static Run interpolate(List<Run> runs, List<Double> weights, int depth) {
    return Fusion.interpolate(runs, weights, depth);
  }
}
