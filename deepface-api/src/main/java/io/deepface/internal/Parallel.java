package io.deepface.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the independent steps of one call (the images of a verify or of a batch) on several cores. Internal: not part
 * of the supported API.
 *
 * <p>Items after the first are offered to a pool of daemon threads shared by the process (one per core, made on first
 * use, idle threads end after a minute) while the caller works on the first; the caller then runs every item no pool
 * thread has started yet, so a pool kept busy by other callers never makes it wait in a queue, and it waits only for
 * items already running. On a one-core machine, or with {@code -Ddeepface.parallel=false}
 * ({@code DEEPFACE_PARALLEL=false}), everything runs on the caller's thread.
 */
public final class Parallel {
  private Parallel() {}

  private static final class Pool {
    static final ExecutorService INSTANCE = create();

    private static ExecutorService create() {
      int cores = Runtime.getRuntime().availableProcessors();
      AtomicInteger count = new AtomicInteger();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "deepface-parallel-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }

  /** Whether {@link #map} uses other threads here. */
  public static boolean enabled() {
    return Runtime.getRuntime().availableProcessors() > 1 && Settings.flag("deepface.parallel", "DEEPFACE_PARALLEL", true);
  }

  /**
   * {@code f} applied to every item, results in item order. A {@link RuntimeException} or {@link Error} thrown by
   * {@code f} is rethrown as it is (the first in item order among those that ran); items not started by then are
   * skipped.
   */
  public static <I, O> List<O> map(List<I> items, Function<? super I, ? extends O> f) {
    if (items.size() < 2 || !enabled()) {
      List<O> out = new ArrayList<>(items.size());
      for (I item : items) {
        out.add(f.apply(item));
      }
      return out;
    }
    List<Task<I, O>> tasks = new ArrayList<>(items.size());
    for (int i = 1; i < items.size(); i++) {
      Task<I, O> t = new Task<>(items.get(i), f);
      tasks.add(t);
      Pool.INSTANCE.execute(t);
    }
    List<O> out = new ArrayList<>(items.size());
    try {
      out.add(f.apply(items.get(0)));
      for (Task<I, O> t : tasks) {
        out.add(t.result());
      }
      return out;
    } finally {
      for (Task<I, O> t : tasks) {
        t.claimed.set(true); // after a failure: nothing left over runs
      }
    }
  }

  /** One item, run by whichever of the pool and the caller claims it first. */
  private static final class Task<I, O> implements Runnable {
    private final I item;
    private final Function<? super I, ? extends O> f;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private O value;
    private Throwable failure;

    Task(I item, Function<? super I, ? extends O> f) {
      this.item = item;
      this.f = f;
    }

    @Override
    public void run() {
      if (claimed.compareAndSet(false, true)) {
        execute();
      }
    }

    private void execute() {
      try {
        value = f.apply(item);
      } catch (Throwable t) {
        failure = t;
      } finally {
        done.countDown();
      }
    }

    /** The result: computed here when no pool thread has started it, else awaited. */
    O result() {
      if (claimed.compareAndSet(false, true)) {
        execute();
      } else {
        boolean interrupted = false;
        while (true) {
          try {
            done.await();
            break;
          } catch (InterruptedException e) {
            interrupted = true; // the item is running and holds native resources: let it finish
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return value;
    }
  }
}
