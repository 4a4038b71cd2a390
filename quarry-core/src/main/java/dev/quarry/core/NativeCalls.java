/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core;

import java.util.List;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Keeps the process from exiting while a thread is inside a native library that exit tears down. ONNX Runtime's
 * Java binding releases its environment, and with it the logger every session writes to, in a JVM shutdown hook;
 * {@code exit()} runs libtorch's static destructors once the JVM has waited 0.3 s for threads still in native code.
 * A SIGTERM during a session's creation or a backward pass therefore crashed with SIGSEGV inside ONNX Runtime or
 * libtorch (docs/ARCHITECTURE.md, Decisions). Shutdown hooks all start together, so no hook of ours can hold ONNX
 * Runtime's back: exit has to wait before the hooks start.
 *
 * <p>Such calls run through {@link #call}. {@link #exit} lets no new call start, waits for the running ones (at
 * most {@link #WAIT_SECONDS} seconds), and only then exits; after {@link #handleSignals()}, SIGTERM, SIGINT and
 * SIGHUP exit through it too. A thread that tries to start a call once exit has begun waits for the end of the
 * process.
 */
public final class NativeCalls {
  /** How long exit waits for running calls: a training step's backward pass, not a hung call. */
  public static final int WAIT_SECONDS = 120;

  private static final Object LOCK = new Object();
  private static int running;
  private static boolean exiting;

  private NativeCalls() {}

  /** Native work that may throw {@code E}. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code work} as one call; once exit has begun, waits for the end of the process instead. */
  public static <T, E extends Exception> T call(Work<T, E> work) throws E {
    synchronized (LOCK) {
      while (exiting) {
        try {
          LOCK.wait();
        } catch (InterruptedException e) {
          // the process is ending: this thread must not reach native code again
        }
      }
      running++;
    }
    try {
      return work.run();
    } finally {
      synchronized (LOCK) {
        running--;
        LOCK.notifyAll();
      }
    }
  }

  /** Exits with {@code status} once no call is running, or after {@link #WAIT_SECONDS} seconds. */
  public static void exit(int status) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    synchronized (LOCK) {
      exiting = true;
      if (running > 0) {
        System.err.println("quarry: exiting once the native call under way ends (at most " + WAIT_SECONDS + " s)");
      }
      long left;
      while (running > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(LOCK, left);
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    System.exit(status);
  }

  /**
   * SIGTERM, SIGINT and SIGHUP exit through {@link #exit} with the status the JVM's own handlers give (128 + the
   * signal's number), saying so on standard error; unfinished output is deleted on the way out
   * ({@link dev.quarry.core.io.Partials}). The JVM runs each signal's handler on a new thread, so waiting there blocks
   * nothing else.
   */
  public static void handleSignals() {
    for (String name : List.of("TERM", "INT", "HUP")) {
      try {
        Signal.handle(new Signal(name), signal -> {
          System.err.println("quarry: interrupted (SIG" + signal.getName() + "); unfinished output is removed");
          exit(128 + signal.getNumber());
        });
      } catch (IllegalArgumentException reserved) {
        // taken by the JVM (-Xrs) or absent on this system: the JVM's own handling stays
      }
    }
  }
}
