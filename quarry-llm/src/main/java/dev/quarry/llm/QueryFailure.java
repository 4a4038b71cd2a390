/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** What the methods share: an error that names the query it happened on, and work on many queries at once. */
final class QueryFailure {
  private QueryFailure() {}

  /** {@code e} with the method and the query in front of its message (a malformed response stays one). */
  static IllegalStateException of(String method, String query, RuntimeException e) {
    String message = method + " for query \"" + query + "\": " + e.getMessage();
    return e instanceof MalformedResponseException ? new MalformedResponseException(message, e)
        : new IllegalStateException(message, e);
  }

  /**
   * {@code work} applied to each item on a virtual thread of its own (the model's endpoint bounds how many requests
   * are in flight), the results in order; the first failure is thrown as it is.
   */
  static <T, R> List<R> each(List<T> items, Function<T, R> work) {
    if (items.size() == 1) {
      return List.of(work.apply(items.get(0)));
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(threads.submit(() -> work.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the language model", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }
}
