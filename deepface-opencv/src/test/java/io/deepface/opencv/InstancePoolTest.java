package io.deepface.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pool that keeps OpenCV objects to one thread at a time. */
class InstancePoolTest {
  /** A stand-in for a non-thread-safe OpenCV object that notices concurrent use. */
  static final class Exclusive {
    final AtomicInteger users = new AtomicInteger();
    boolean overlapped;
    boolean disposed;

    int use() throws InterruptedException {
      if (users.incrementAndGet() > 1) {
        overlapped = true;
      }
      Thread.sleep(5);
      users.decrementAndGet();
      return 1;
    }
  }

  @Test
  void noCopyIsEverUsedByTwoThreadsAndAtMostMaxAreMade() throws Exception {
    List<Exclusive> made = new ArrayList<>();
    InstancePool<Exclusive> pool = new InstancePool<>("test", 3, () -> {
      Exclusive e = new Exclusive();
      synchronized (made) {
        made.add(e);
      }
      return e;
    }, e -> e.disposed = true);
    assertThat(pool.created()).isEqualTo(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      calls.add(threads.submit(() -> pool.with(e -> {
        try {
          return e.use();
        } catch (InterruptedException ie) {
          throw new IllegalStateException(ie);
        }
      })));
    }
    int sum = 0;
    for (Future<Integer> f : calls) {
      sum += f.get();
    }
    threads.shutdown();
    assertThat(sum).isEqualTo(80);
    assertThat(made).hasSizeBetween(2, 3).noneMatch(e -> e.overlapped);
    pool.close();
    assertThat(made).allMatch(e -> e.disposed);
    assertThatThrownBy(() -> pool.with(e -> 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void closeWaitsForTheCallInFlight() throws Exception {
    Exclusive only = new Exclusive();
    InstancePool<Exclusive> pool = new InstancePool<>("test", 1, () -> only, e -> e.disposed = true);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Future<Boolean> call = threads.submit(() -> pool.with(e -> {
      inside.countDown();
      try {
        finish.await();
      } catch (InterruptedException ie) {
        throw new IllegalStateException(ie);
      }
      return e.disposed;
    }));
    inside.await();
    Future<?> closing = threads.submit(pool::close);
    Thread.sleep(100);
    assertThat(closing).isNotDone();
    finish.countDown();
    closing.get(5, TimeUnit.SECONDS);
    assertThat(call.get()).isFalse();
    assertThat(only.disposed).isTrue();
    threads.shutdown();
  }

  @Test
  void aFailedCopyFreesItsSlot() {
    AtomicInteger attempts = new AtomicInteger();
    InstancePool<Object> pool = new InstancePool<>("test", 2, () -> {
      if (attempts.incrementAndGet() == 2) {
        throw new IllegalStateException("boom");
      }
      return new Object();
    }, o -> { });
    // Hold the first copy so the next call must make a second one, which fails once.
    pool.with(first -> {
      assertThatThrownBy(() -> pool.with(o -> 1)).hasMessage("boom");
      int two = pool.with(o -> 2);
      assertThat(two).isEqualTo(2);
      return null;
    });
    assertThat(pool.created()).isEqualTo(2);
  }

  @Test
  void thePoolSizeSettingIsValidated() {
    String old = System.getProperty("deepface.opencv.instances");
    try {
      System.setProperty("deepface.opencv.instances", "3");
      assertThat(InstancePool.defaultSize()).isEqualTo(3);
      System.setProperty("deepface.opencv.instances", "0");
      assertThatThrownBy(InstancePool::defaultSize).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("deepface.opencv.instances");
    } finally {
      if (old == null) {
        System.clearProperty("deepface.opencv.instances");
      } else {
        System.setProperty("deepface.opencv.instances", old);
      }
    }
    assertThatThrownBy(() -> new InstancePool<>("x", 0, Object::new, o -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
