package io.deepface.examples.server;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers that compute requests: a fixed number of threads and a bounded queue. A request that finds the queue
 * full is refused at once (503), never held in memory; one that waits and computes longer than the timeout is
 * answered 503 (its computation, which cannot be interrupted mid-model, finishes on its worker and is dropped).
 */
final class WorkPool {
  private final ThreadPoolExecutor executor;
  private final Duration timeout;

  WorkPool(int workers, int queue, Duration timeout) {
    this.timeout = timeout;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "deepface-api-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // A queue of 0 is a SynchronousQueue's behaviour; ArrayBlockingQueue needs at least 1, so 0 is refused by config.
    this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(Math.max(1, queue)), threads, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Refuses at once (503) when every worker is busy and the queue is full, before the body is even read. */
  void admit() {
    if (executor.isShutdown()) {
      throw new ApiException(503, "the server is shutting down");
    }
    if (executor.getQueue().remainingCapacity() == 0 && executor.getActiveCount() >= executor.getMaximumPoolSize()) {
      throw busy();
    }
  }

  private ApiException busy() {
    return new ApiException(503, "the server is busy (" + executor.getActiveCount() + " requests running, "
        + executor.getQueue().size() + " waiting); try again shortly");
  }

  <T> T run(Callable<T> task) throws Exception {
    Future<T> f;
    try {
      f = executor.submit(task);
    } catch (RejectedExecutionException e) {
      throw executor.isShutdown() ? new ApiException(503, "the server is shutting down") : busy();
    }
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ApiException(503, "the request took longer than the server's limit of " + timeout.toSeconds()
          + " s; try a smaller image or fewer actions");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ApiException(503, "the server is shutting down");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw (Error) c;
    }
  }

  int running() {
    return executor.getActiveCount();
  }

  int waiting() {
    return executor.getQueue().size();
  }

  /** Takes no new work and waits up to {@code grace} for what runs and waits; then interrupts the rest. */
  void shutdown(Duration grace) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
