package io.deepface.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void keepsItemOrderAndUsesOtherCoresWhereThereAreSome() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> items = IntStream.range(0, 40).boxed().toList();
    List<Integer> squares = Parallel.map(items, i -> {
      threads.add(Thread.currentThread().getName());
      busy(2);
      return i * i;
    });
    assertThat(squares).isEqualTo(items.stream().map(i -> i * i).toList());
    if (Parallel.enabled()) {
      assertThat(threads).anyMatch(n -> n.startsWith("deepface-parallel-"));
    } else {
      assertThat(threads).containsExactly(Thread.currentThread().getName());
    }
  }

  @Test
  void theFirstFailureInItemOrderIsRethrownAsItIs() {
    IllegalArgumentException second = new IllegalArgumentException("item 1");
    assertThatThrownBy(() -> Parallel.map(List.of(0, 1, 2, 3), i -> {
      if (i == 1) {
        throw second;
      }
      if (i == 3) {
        throw new IllegalStateException("item 3");
      }
      return i;
    })).isSameAs(second);
  }

  @Test
  void aCallerWhosePoolThreadsAreAllBusyRunsItsItemsItself() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(cores);
    // Occupy every pool thread with items that wait until released.
    Thread occupier = new Thread(() -> Parallel.map(IntStream.range(0, cores + 1).boxed().toList(), i -> {
      if (i > 0) {
        blocked.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return i;
    }));
    occupier.start();
    try {
      if (Parallel.enabled()) {
        assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
      }
      long t0 = System.nanoTime();
      List<Integer> out = Parallel.map(List.of(1, 2, 3), i -> i + 1);
      assertThat(out).containsExactly(2, 3, 4);
      assertThat((System.nanoTime() - t0) / 1e9).as("seconds: did not wait for the busy pool").isLessThan(10);
    } finally {
      release.countDown();
      occupier.join();
    }
  }

  private static void busy(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
