package dev.quarry.core.search;

import dev.quarry.core.Progress;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a query set through a {@link Retriever} on a fixed number of threads and collects the run. */
public final class BatchSearch {
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
    List<List<ScoredDocument>> results = new ArrayList<>(items.size());
    if (threads == 1) {
      for (Map.Entry<String, String> q : items) {
        results.add(retriever.search(q.getValue(), k));
        progress.advance(1);
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "quarry-search");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<List<ScoredDocument>>> futures = new ArrayList<>(items.size());
        for (Map.Entry<String, String> q : items) {
          futures.add(pool.submit(() -> {
            List<ScoredDocument> hits = retriever.search(q.getValue(), k);
            progress.advance(1);
            return hits;
          }));
        }
        for (Future<List<ScoredDocument>> f : futures) {
          results.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("search interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
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
