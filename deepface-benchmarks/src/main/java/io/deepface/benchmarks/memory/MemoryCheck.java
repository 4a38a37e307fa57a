package io.deepface.benchmarks.memory;

import io.deepface.DeepFace;
import io.deepface.VerifyResult;
import io.deepface.benchmarks.CommandLine;
import io.deepface.benchmarks.lfw.LfwPairs;
import io.deepface.benchmarks.speed.Machine;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Memory over many {@code DeepFace.verify} calls, the loop Python DeepFace users most often see grow: the
 * static API with its default models on a few LFW pairs, {@code --calls} times (10 000) from {@code --threads}
 * threads (2), sampling after every tenth of the calls the heap in use after a full GC, the JVM's direct
 * buffers, and the process's resident set size ({@code VmRSS}). Writes {@code memory.md} to {@code --out}.
 *
 * <pre>
 * java -Ddeepface.model.path=../shared/models -cp ... io.deepface.benchmarks.memory.MemoryCheck \
 *     --lfw ../shared/datasets/lfw-dev [--calls 10000] [--threads 2] [--out target/benchmark-report]
 * </pre>
 */
public final class MemoryCheck {
  /**
   * One sample: calls so far; heap in use, direct buffers and RSS as found (before any GC, garbage included);
   * then, after full GCs have let the JVM free
   * unreachable direct buffers, heap in use, direct buffers and RSS (bytes); seconds since the loop started.
   */
  record Sample(String when, long calls, long heapAsFound, long directAsFound, long rssAsFound, long heapAfterGc,
      long direct, long rss, double seconds) {}

  private MemoryCheck() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    Path lfw = Path.of(a.getOrDefault("lfw", "../shared/datasets/lfw-dev"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "10000"));
    int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
    int samples = Integer.parseInt(a.getOrDefault("samples", "10"));
    Path out = Path.of(a.getOrDefault("out", "target/benchmark-report"));
    List<LfwPairs.Pair> all = LfwPairs.read(lfw.resolve("pairs.txt"), lfw.resolve("images")).pairs();
    List<LfwPairs.Pair> mixed = new ArrayList<>(all.stream().filter(LfwPairs.Pair::same).limit(2).toList());
    mixed.addAll(all.stream().filter(p -> !p.same()).limit(2).toList());

    String loadBefore = Machine.load();
    List<Sample> log = new ArrayList<>();
    log.add(sample("JVM started, nothing loaded", 0, 0));
    long t0 = System.nanoTime();
    VerifyResult first = verify(mixed.get(0));
    double firstSeconds = (System.nanoTime() - t0) / 1e9;
    log.add(sample("after the first verify (default models loaded)", 1, firstSeconds));
    int warmup = 100;
    for (int i = 0; i < warmup; i++) {
      verify(mixed.get(i % mixed.size()));
    }
    log.add(sample("after " + warmup + " warm-up calls: the reference", 0, 0));
    Sample reference = log.get(log.size() - 1);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    int done = 0;
    int per = Math.max(1, calls / samples);
    int same = 0;
    try {
      while (done < calls) {
        int n = Math.min(per, calls - done);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          LfwPairs.Pair p = mixed.get((done + i) % mixed.size());
          futures.add(pool.submit(() -> verify(p).verified() == p.same()));
        }
        for (Future<Boolean> f : futures) {
          same += f.get() ? 1 : 0;
        }
        done += n;
        log.add(sample(done + " calls", done, (System.nanoTime() - start) / 1e9));
        System.err.printf(Locale.ROOT, "%d of %d verify calls, RSS %.1f MB%n", done, calls, Machine.rssBytes() / 1e6);
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Sample last = log.get(log.size() - 1);
    Sample middle = log.get(log.size() - 1 - samples / 2);
    String md = markdown(log, reference, middle, last, calls, threads, seconds, firstSeconds, same, first, loadBefore);
    Files.createDirectories(out);
    Files.writeString(out.resolve("memory.md"), md);
    System.out.println(md);
    System.exit(0);
  }

  private static VerifyResult verify(LfwPairs.Pair p) {
    return DeepFace.verify(p.first(), p.second());
  }

  static String markdown(List<Sample> log, Sample reference, Sample middle, Sample last, int calls, int threads,
      double seconds, double firstSeconds, int right, VerifyResult first, String loadBefore) {
    StringBuilder s = new StringBuilder("## Memory over " + calls + " verify calls\n\n");
    s.append(String.format(Locale.ROOT, "`DeepFace.verify(path1, path2)` with the default models (%s, %s), %d threads, "
        + "on four LFW pairs in turn (two of one person, two of two); %.0f s (%.1f ms per call, %.1f calls/s); %d of %d decisions right. "
        + "First call (loads the models): %.2f s. Max heap %s. Load before %s, after %s.%n%n",
        first.detector(), first.model(), threads, seconds, 1000 * seconds / calls, calls / seconds, right, calls,
        firstSeconds, mb(Runtime.getRuntime().maxMemory()), loadBefore, Machine.load()));
    s.append("As found: at the sample point, garbage included (the heap's young objects and, before a GC, unreachable "
        + "direct buffers). After GC: once full collections have freed what is unreachable; growth there is a leak.\n\n");
    s.append("| when | heap in use, as found | direct buffers, as found | RSS, as found | heap in use after GC "
        + "| direct buffers after GC | RSS after GC |\n|---|---|---|---|---|---|---|\n");
    for (Sample x : log) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", x.when(), mb(x.heapAsFound()),
          mb(x.directAsFound()), mb(x.rssAsFound()), mb(x.heapAfterGc()), mb(x.direct()), mb(x.rss())));
    }
    long maxFound = log.stream().filter(x -> x.calls() > 0 && x != log.get(1)).mapToLong(Sample::rssAsFound).max()
        .orElse(-1);
    s.append(String.format(Locale.ROOT, "%nFrom the reference (after warm-up) to the end, after GC: heap %+.1f MB, RSS %+.1f MB; "
        + "over the second half of the calls: heap %+.1f MB, RSS %+.1f MB (%+.2f KB per call). Highest RSS as found "
        + "during the loop: %s.%n%n",
        (last.heapAfterGc() - reference.heapAfterGc()) / 1e6, (last.rss() - reference.rss()) / 1e6,
        (last.heapAfterGc() - middle.heapAfterGc()) / 1e6, (last.rss() - middle.rss()) / 1e6,
        (last.rss() - middle.rss()) / 1e3 / Math.max(1, last.calls() - middle.calls()), mb(maxFound)));
    return s.toString();
  }

  private static Sample sample(String when, long calls, double seconds) throws InterruptedException {
    long asFound = Machine.rssBytes();
    long heapFound = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long directFound = directBytes();
    // Direct buffers are freed by a cleaner thread after the GC that finds them unreachable: collect until
    // their total stops falling (at most two seconds).
    long direct = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      Thread.sleep(100);
      long now = directBytes();
      if (now >= direct) {
        break;
      }
      direct = now;
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Sample(when, calls, heapFound, directFound, asFound, heap, directBytes(), Machine.rssBytes(), seconds);
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }

  static String mb(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
