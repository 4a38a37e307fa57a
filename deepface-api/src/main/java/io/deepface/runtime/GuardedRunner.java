package io.deepface.runtime;

import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Base for runners whose native handle must not be freed while a call is in flight: {@link #run} holds a
 * read lock, {@link #close()} takes the write lock, so close waits for running calls and later calls
 * fail with {@link IllegalStateException} instead of crashing the JVM.
 */
public abstract class GuardedRunner implements TensorRunner {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String name;
  private boolean closed;

  protected GuardedRunner(String name) {
    this.name = name;
  }

  @Override
  public final Map<String, Tensor> run(Map<String, Tensor> inputs) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("model " + name + " is closed");
      }
      return runOpen(inputs);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public final void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        release();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public String name() {
    return name;
  }

  /** Runs the graph; called only while the runner is open. */
  protected abstract Map<String, Tensor> runOpen(Map<String, Tensor> inputs);

  /** Frees native resources; called once, when no call is running. */
  protected abstract void release();
}
