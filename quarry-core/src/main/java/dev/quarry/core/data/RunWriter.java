/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import dev.quarry.core.io.Partials;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a TREC run file query by query ({@code qid Q0 docid rank score tag}). Each query's documents are written
 * in trec_eval's order, so the rank column matches how trec_eval will rank them. Scores are written exactly (the
 * shortest decimal that reads back to the same value), so that no ties appear in the file that were not in memory.
 * The file is written beside its target and moved into place by {@link #commit()}; a writer closed without a
 * commit (after a failure, say) deletes what it wrote and leaves the target untouched. Not thread-safe.
 */
public final class RunWriter implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final String tag;
  private final BufferedWriter out;
  private boolean closed;

  public RunWriter(Path target, String tag) {
    if (tag == null || tag.isBlank() || tag.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("run tag must be one word; got '" + tag + "'");
    }
    this.target = target.toAbsolutePath();
    this.tag = tag;
    try {
      this.temp = Partials.file(this.target);
      this.out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write run " + target + ": " + e.getMessage(), e);
    }
  }

  public void write(String queryId, List<ScoredDocument> results) {
    List<ScoredDocument> sorted = new ArrayList<>(results);
    sorted.sort(ScoredDocument.TREC_EVAL_ORDER);
    try {
      int rank = 1;
      for (ScoredDocument doc : sorted) {
        out.append(queryId).append(" Q0 ").append(doc.docId()).append(' ').append(Integer.toString(rank++))
            .append(' ').append(formatScore(doc.score())).append(' ').append(tag).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write run " + target + ": " + e.getMessage(), e);
    }
  }

  /** The shortest text that parses back to exactly this score: float precision when the score is a float. */
  static String formatScore(double score) {
    float asFloat = (float) score;
    return asFloat == score ? Float.toString(asFloat) : Double.toString(score);
  }

  /** Finishes the file and moves it into place, replacing any earlier file of that name. */
  public void commit() {
    if (closed) {
      throw new IllegalStateException("run writer for " + target + " is already closed");
    }
    closed = true;
    try {
      out.close();
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Partials.release(temp);
    } catch (IOException e) {
      deleteTemp();
      throw new UncheckedIOException("cannot write run " + target + ": " + e.getMessage(), e);
    }
  }

  /** Discards what was written unless {@link #commit()} ran; the target file is not touched. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      deleteTemp();
    }
  }

  private void deleteTemp() {
    try {
      out.close();
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // best effort: the leftover is hidden, named .partial-, and removed by the next write of the target
    }
    Partials.release(temp);
  }
}
