package io.deepface.opencv;

import io.deepface.DeepFaceException;
import io.deepface.spi.BackendSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A few copies of one OpenCV object that is not thread-safe ({@code cv::dnn::Net}, {@code CascadeClassifier},
 * {@code FaceDetectorYN}): each call borrows a copy for itself, so no two threads ever use the same copy.
 * Copies are made on demand, up to {@code max}; a caller that finds all of them busy waits for one. The first
 * copy is made by the constructor, so a model that cannot load fails there.
 *
 * <p>{@link #close()} waits until every copy is back, frees them all, and makes later calls fail with
 * {@link IllegalStateException}.
 *
 * @param <T> the pooled object
 */
final class InstancePool<T> implements AutoCloseable {
  private final String name;
  private final Supplier<T> factory;
  private final Consumer<T> disposer;
  private final int max;
  private final Deque<T> idle = new ArrayDeque<>();
  private final List<T> all = new ArrayList<>();
  private boolean closed;

  InstancePool(String name, int max, Supplier<T> factory, Consumer<T> disposer) {
    if (max < 1) {
      throw new IllegalArgumentException("pool size must be >= 1, got " + max);
    }
    this.name = name;
    this.max = max;
    this.factory = factory;
    this.disposer = disposer;
    T first = factory.get();
    all.add(first);
    idle.add(first);
  }

  /**
   * How many copies of each OpenCV model may run at once: {@code deepface.opencv.instances} /
   * {@code DEEPFACE_OPENCV_INSTANCES}, else half the processors, between 1 and 4 (OpenCV already spreads
   * one inference over its own threads).
   */
  static int defaultSize() {
    return BackendSettings.get("deepface.opencv.instances", "DEEPFACE_OPENCV_INSTANCES").map(v -> {
      try {
        int n = Integer.parseInt(v);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("deepface.opencv.instances / DEEPFACE_OPENCV_INSTANCES must be a whole "
          + "number >= 1, got '" + v + "'");
    }).orElse(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)));
  }

  /** Runs {@code work} with a copy that no other thread uses meanwhile. */
  <R> R with(Function<T, R> work) {
    T t = acquire();
    try {
      return work.apply(t);
    } finally {
      release(t);
    }
  }

  /** Copies made so far. */
  synchronized int created() {
    return all.size();
  }

  int max() {
    return max;
  }

  private T acquire() {
    synchronized (this) {
      while (true) {
        if (closed) {
          throw new IllegalStateException(name + " is closed");
        }
        T t = idle.pollFirst();
        if (t != null) {
          return t;
        }
        if (all.size() < max) {
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DeepFaceException("interrupted while waiting for " + name, e);
        }
      }
      // Reserve the slot, then build outside the lock: loading a model takes a while.
      all.add(null);
    }
    T made;
    try {
      made = factory.get();
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        all.remove(null);
        notifyAll();
      }
      throw e;
    }
    synchronized (this) {
      all.set(all.indexOf(null), made);
    }
    return made;
  }

  private synchronized void release(T t) {
    idle.addFirst(t);
    notifyAll();
  }

  @Override
  public void close() {
    List<T> toFree;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      boolean interrupted = false;
      while (idle.size() < all.size()) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      toFree = new ArrayList<>(all);
      all.clear();
      idle.clear();
    }
    RuntimeException first = null;
    for (T t : toFree) {
      try {
        disposer.accept(t);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
