/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.search;

import dev.quarry.core.Progress;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a query set through a {@link Retriever} on a fixed number of threads and collects the run. Queries go to the
 * retriever in batches of up to {@value #BATCH} (fewer when that would leave a thread idle), so that a dense
 * retriever encodes a batch in one call and scans its vectors once per batch.
 */
public final class BatchSearch {
  static final int BATCH = 32;

  private BatchSearch() {}

  /**
   * @param k documents per query
   * @param threads worker threads (1 searches on the calling thread)
   * @return the run, with queries in the query set's order
   */
  public static Run search(Retriever retriever, Queries queries, int k, int threads, Progress progress) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; got " + k);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive; got " + threads);
    }
    List<Map.Entry<String, String>> items = new ArrayList<>(queries.asMap().entrySet());
    int batchSize = Math.max(1, Math.min(BATCH, (items.size() + threads - 1) / threads));
    List<List<ScoredDocument>> results = new ArrayList<>(items.size());
    ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "quarry-search");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<List<ScoredDocument>>>> futures = new ArrayList<>();
      for (int start = 0; start < items.size(); start += batchSize) {
        List<String> texts = items.subList(start, Math.min(items.size(), start + batchSize)).stream()
            .map(Map.Entry::getValue).toList();
        Callable<List<List<ScoredDocument>>> task = () -> {
          List<List<ScoredDocument>> hits = retriever.searchBatch(texts, k);
          progress.advance(texts.size());
          return hits;
        };
        if (pool == null) {
          results.addAll(task.call());
        } else {
          futures.add(pool.submit(task));
        }
      }
      for (Future<List<List<ScoredDocument>>> f : futures) {
        results.addAll(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    Run run = new Run();
    for (int i = 0; i < items.size(); i++) {
      run.put(items.get(i).getKey(), results.get(i));
    }
    return run;
  }
}
