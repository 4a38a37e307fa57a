package io.deepface.benchmarks.search;

import io.deepface.find.FaceIndex;
import io.deepface.find.HnswVectorStore;
import io.deepface.find.Neighbor;
import io.deepface.find.VectorStoreConfig;
import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Scale benchmark of gallery search on synthetic unit vectors: exact search ({@link FaceIndex}) at several
 * sizes and approximate search ({@link HnswVectorStore}, Lucene HNSW) at one size, reporting build time,
 * memory, single-query latency p50/p99 and HNSW recall@10 against exact search.
 *
 * <p>A plain main with explicit timing (not JMH): each measurement is one long operation (building a
 * million-vector index) or a distribution of single-query latencies, which JMH's fixed-iteration model
 * does not fit. Run from the repository root (never {@code mvn install}: nothing needs it):
 *
 * <pre>
 * mvn -o -q compile -pl deepface-api,deepface-benchmarks
 * mvn -o -q dependency:build-classpath -pl deepface-api -Dmdep.outputFile=target/api-classpath.txt
 * CP=deepface-benchmarks/target/classes:deepface-api/target/classes:$(cat deepface-api/target/api-classpath.txt)
 * nice -n 19 java -Xmx8g -cp "$CP" io.deepface.benchmarks.search.SearchScaleBenchmark --exact 100000 --hnsw 1000000
 * </pre>
 *
 * On Java 21 and later add {@code --add-modules jdk.incubator.vector} (and on 23 and later
 * {@code -Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=25}, the newest Java Lucene 9.12 is told to trust)
 * so that Lucene computes distances with SIMD instructions; {@code run.sh} does this for {@code DEEPFACE_BENCH_JAVA}.
 *
 * A small run ({@code --exact 20000 --hnsw 20000 --queries 50}) takes a few minutes on two cores.
 *
 * <p>Options (all optional): {@code --dim 512}, {@code --exact N,N...} exact sizes, {@code --hnsw N} HNSW
 * size (0 skips), {@code --queries 200}, {@code --k 10}, {@code --data faces|uniform}, {@code --m 16},
 * {@code --beam 50}, {@code --candidates 100,200,400,800} (searched per HNSW query, each a row, plus one row
 * with the store's default), {@code --quantize int7|none}, {@code --ram-mb 256}, {@code --merge 0} (force-merge to
 * this many segments after the commit; 0: none), {@code --settings new|old|compare} ({@code new}: the store's
 * defaults, overridden by {@code --m}, {@code --beam}, {@code --quantize}, {@code --ram-mb} where given; {@code old}:
 * the settings measured before issue 16, m=16, beam 100, float vectors, a 1024 MB buffer, Lucene's merge
 * policy, 400 candidates; {@code compare}: both, one after the other on the same data, each row with the process
 * CPU time and load average of its build), {@code --dir /tmp/...} (HNSW index folder, deleted first),
 * {@code --seed 42}, {@code --reuse true} (search the HNSW index already in {@code --dir} when it holds as many
 * vectors, instead of building it again), {@code --match-distance 0.5} (the exact neighbours within this
 * distance count as matches, as a find with that threshold would return them; in the {@code faces} data two
 * photos of one person are about 0.4 apart and the nearest other people 0.6 or more), {@code --out DIR} (also write the table to {@code DIR/search.md}).
 *
 * <p>Data: {@code uniform} draws vectors uniformly on the sphere (no structure: the hardest case for any
 * graph index, and unlike face embeddings). {@code faces} imitates a face gallery: identities with centres in
 * a random 64-dimensional subspace (so different people have cosine similarity of about 0 +- 0.12), about 5
 * photos each (a Poisson-like count: each vector picks its identity by hash) made by adding isotropic noise (two photos of one person have cosine about
 * 0.6, as ArcFace-style models give); queries are new photos of enrolled people.
 */
public final class SearchScaleBenchmark {
  private final Map<String, String> opts;
  private final int dim;
  private final int queries;
  private final int k;
  private final String data;
  private final long seed;
  private double lastExactP50;

  private SearchScaleBenchmark(Map<String, String> opts) {
    this.opts = opts;
    this.dim = intOpt("dim", 512);
    this.queries = intOpt("queries", 200);
    this.k = intOpt("k", 10);
    this.data = opts.getOrDefault("data", "faces");
    this.seed = Long.parseLong(opts.getOrDefault("seed", "42"));
    if (!data.equals("faces") && !data.equals("uniform")) {
      throw new IllegalArgumentException("--data must be faces or uniform");
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options are --name value pairs; got " + args[i]);
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    new SearchScaleBenchmark(opts).run();
  }

  private int intOpt(String name, int def) {
    return Integer.parseInt(opts.getOrDefault(name, Integer.toString(def)).replace("_", ""));
  }

  private void run() throws IOException {
    List<Integer> exactSizes = Arrays.stream(opts.getOrDefault("exact", "100000,1000000").split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).map(s -> Integer.parseInt(s.replace("_", ""))).toList();
    int hnswSize = intOpt("hnsw", 1_000_000);
    log("cores=%d maxHeap=%.1fGB java=%s (%s) data=%s dim=%d queries=%d k=%d load %s",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1e9,
        System.getProperty("java.version"), vectorApi(), data, dim, queries, k, load());
    List<String> rows = new ArrayList<>();
    rows.add("| index | vectors | build s | heap MB | RSS MB | disk MB | p50 ms | p99 ms | recall@" + k
        + " | faster than exact | matches found (of the exact top " + k + " within distance " + opts.getOrDefault("match-distance", "0.5") + ") |");
    rows.add("|---|---|---|---|---|---|---|---|---|---|---|");
    for (int n : exactSizes) {
      if (n == hnswSize) {
        continue; // measured together with HNSW below, on the same data
      }
      SyntheticEmbeddings ds = new SyntheticEmbeddings(dim, n, seed, data.equals("uniform"));
      FaceIndex exact = buildExact(ds, rows);
      measureExact(exact, ds, rows, n);
      exact = null;
      System.gc();
    }
    if (hnswSize > 0) {
      SyntheticEmbeddings ds = new SyntheticEmbeddings(dim, hnswSize, seed, data.equals("uniform"));
      FaceIndex exact = buildExact(ds, rows);
      List<List<Neighbor>> truth = measureExact(exact, ds, rows, hnswSize);
      exact = null;
      System.gc();
      measureHnsw(ds, truth, rows, lastExactP50);
    }
    System.out.println();
    rows.forEach(System.out::println);
    String out = opts.get("out");
    if (out != null) {
      Path file = Path.of(out).resolve("search.md");
      Files.createDirectories(file.getParent());
      String md = String.format(Locale.ROOT, "## Search at scale\n\nSynthetic %s unit vectors, %d dimensions, cosine; %d "
          + "queries, top %d; recall against exact search. %d processors, Java %s (%s), load %s.%n%n", data.equals("faces")
              ? "face-like" : "uniform", dim, queries, k, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), vectorApi(), load()) + String.join("\n", rows) + "\n\n";
      Files.writeString(file, md);
      log("wrote %s", file);
    }
  }

  private FaceIndex buildExact(SyntheticEmbeddings ds, List<String> rows) {
    long heap0 = usedHeap();
    long t0 = System.nanoTime();
    FaceIndex index = new FaceIndex(dim, DistanceMetric.COSINE);
    for (int start = 0; start < ds.size(); start += 50_000) {
      int end = Math.min(ds.size(), start + 50_000);
      index.addAll(ids(start, end), ds.vectors(start, end));
    }
    double build = (System.nanoTime() - t0) / 1e9;
    long heap = usedHeap() - heap0;
    rows.add(String.format(Locale.ROOT, "| exact build | %,d | %.1f | %,d | %,d | - | - | - | - | - | - |", ds.size(), build,
        heap >> 20, rss() >> 20));
    log("exact %d built in %.1f s, heap +%d MB", ds.size(), build, heap >> 20);
    return index;
  }

  private List<List<Neighbor>> measureExact(FaceIndex index, SyntheticEmbeddings ds, List<String> rows, int n) {
    float[][] qs = ds.queries(queries);
    for (int i = 0; i < Math.min(20, queries); i++) {
      index.search(qs[i], k); // warm-up: JIT and page-in
    }
    long[] times = new long[queries];
    List<List<Neighbor>> truth = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      long t0 = System.nanoTime();
      List<Neighbor> hits = index.search(qs[i], k);
      times[i] = System.nanoTime() - t0;
      truth.add(hits);
    }
    rows.add(String.format(Locale.ROOT, "| exact search | %,d | - | - | %,d | - | %.2f | %.2f | 1.000 | 1x | 1 |", n, rss() >> 20,
        pct(times, 50), pct(times, 99)));
    log("exact %d: p50 %.2f ms p99 %.2f ms", n, pct(times, 50), pct(times, 99));
    lastExactP50 = pct(times, 50);
    return truth;
  }

  /** The HNSW settings of the measurements before issue 16 (the store's old defaults, the old benchmark's buffer). */
  private static final Map<String, String> OLD_SETTINGS = Map.of("m", "16", "beamWidth", "100", "quantize", "none",
      "ramBufferMB", "1024", "merge", "0", "candidates", "400");

  private void measureHnsw(SyntheticEmbeddings ds, List<List<Neighbor>> truth, List<String> rows, double exactP50)
      throws IOException {
    String settings = opts.getOrDefault("settings", "new");
    List<String> which = switch (settings) {
      case "compare" -> List.of("old", "new");
      case "old", "new" -> List.of(settings);
      default -> throw new IllegalArgumentException("--settings must be old, new or compare");
    };
    Path base = Path.of(opts.getOrDefault("dir", System.getProperty("java.io.tmpdir") + "/deepface-hnsw-bench"));
    for (String w : which) {
      Path dir = which.size() == 1 ? base : base.resolveSibling(base.getFileName() + "-" + w);
      measureHnsw(ds, truth, rows, exactP50, w, dir);
      if (which.size() > 1) {
        deleteRecursively(dir);
      }
    }
  }

  /**
   * Builds (or reuses) one HNSW index and searches it. {@code old}: the settings measured before issue 16 (int
   * options of this benchmark do not apply); {@code new}: the store's defaults, with {@code --m}, {@code --beam},
   * {@code --quantize}, {@code --ram-mb} and {@code --merge} overriding them where given.
   */
  private void measureHnsw(SyntheticEmbeddings ds, List<List<Neighbor>> truth, List<String> rows, double exactP50,
      String settings, Path dir) throws IOException {
    Map<String, String> props = new HashMap<>();
    int merge;
    String defaultCandidates;
    if (settings.equals("old")) {
      props.putAll(OLD_SETTINGS);
      props.remove("merge");
      props.remove("candidates");
      merge = Integer.parseInt(OLD_SETTINGS.get("merge"));
      defaultCandidates = OLD_SETTINGS.get("candidates");
    } else {
      for (String[] o : new String[][] {{"m", "m"}, {"beam", "beamWidth"}, {"quantize", "quantize"},
          {"ram-mb", "ramBufferMB"}}) {
        if (opts.containsKey(o[0])) {
          props.put(o[1], opts.get(o[0]));
        }
      }
      merge = intOpt("merge", 0);
      defaultCandidates = null;
    }
    String label = (settings.equals("old") ? "before (m=16, beam=100, float, 1024 MB buffer)" : "new defaults"
        + (props.isEmpty() ? "" : " with " + props)) + (merge > 0 ? ", merged to " + merge : "");
    if (Boolean.parseBoolean(opts.getOrDefault("reuse", "false")) && reusable(dir, props, ds.size())) {
      rows.add(String.format(Locale.ROOT, "| hnsw %s, index reused from %s | %,d | - | - | - | %,d | - | - | - | - | - |",
          label, dir, ds.size(), du(dir) >> 20));
      log("hnsw: reusing the index in %s", dir);
    } else {
      deleteRecursively(dir);
      long heap0 = usedHeap();
      long t0 = System.nanoTime();
      long cpu0 = processCpu();
      HnswVectorStore store = HnswVectorStore.open(new VectorStoreConfig(dim, DistanceMetric.COSINE, dir, props));
      for (int start = 0; start < ds.size(); start += 100_000) {
        int end = Math.min(ds.size(), start + 100_000);
        store.addAll(ids(start, end), ds.vectors(start, end));
        log("hnsw %s: %d vectors added (%.0f s)", settings, end, (System.nanoTime() - t0) / 1e9);
      }
      store.commit("bench");
      log("hnsw %s: committed (%.0f s), %d segments", settings, (System.nanoTime() - t0) / 1e9, store.segmentCount());
      if (merge > 0) {
        store.forceMerge(merge);
        store.commit("bench");
        log("hnsw %s: merged to %d segments (%.0f s)", settings, store.segmentCount(), (System.nanoTime() - t0) / 1e9);
      }
      double build = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpu() - cpu0) / 1e9;
      System.gc();
      long heap = usedHeap() - heap0;
      long disk = du(dir);
      rows.add(String.format(Locale.ROOT, "| hnsw build, %s, %d segments | %,d | %.1f (CPU %.0f s, load %s) | %,d | %,d | %,d | - | - | - | - | - |",
          label, store.segmentCount(), ds.size(), build, cpu, load(), heap >> 20, rss() >> 20, disk >> 20));
      log("hnsw %s: %d built in %.1f s (CPU %.0f s), %d segments, %d MB on disk, load %s", settings, ds.size(), build,
          cpu, store.segmentCount(), disk >> 20, load());
      store.close();
    }
    float[][] qs = ds.queries(queries);
    double matchDistance = Double.parseDouble(opts.getOrDefault("match-distance", "0.5"));
    List<String> counts = new ArrayList<>(Arrays.stream(opts.getOrDefault("candidates", "100,200,400,800").split(","))
        .map(String::strip).filter(c -> !c.isEmpty()).toList());
    counts.add("default");
    for (String c : counts) {
      Map<String, String> p = new HashMap<>(props);
      if (!c.equals("default")) {
        p.put("candidates", c);
        p.put("overFetch", "1");
      } else if (defaultCandidates != null) {
        p.put("candidates", defaultCandidates);
      }
      try (HnswVectorStore s = HnswVectorStore.open(new VectorStoreConfig(dim, DistanceMetric.COSINE, dir, p))) {
        String name = c.equals("default") ? "default (" + s.candidates() + ")" : c;
        for (int i = 0; i < Math.min(50, queries); i++) {
          s.search(qs[i], k);
        }
        long[] times = new long[queries];
        double recall = 0;
        long matches = 0;
        long matchesFound = 0;
        for (int i = 0; i < queries; i++) {
          long q0 = System.nanoTime();
          List<Neighbor> hits = s.search(qs[i], k);
          times[i] = System.nanoTime() - q0;
          Set<String> found = new HashSet<>();
          hits.forEach(h -> found.add(h.id()));
          List<Neighbor> want = truth.get(i);
          recall += want.stream().filter(w -> found.contains(w.id())).count() / (double) want.size();
          for (Neighbor w : want) {
            if (w.distance() <= matchDistance) {
              matches++;
              matchesFound += found.contains(w.id()) ? 1 : 0;
            }
          }
        }
        recall /= queries;
        double matchRecall = matches == 0 ? Double.NaN : matchesFound / (double) matches;
        rows.add(String.format(Locale.ROOT, "| hnsw search, %s, %s candidates | %,d | - | - | %,d | - | %.2f | %.2f | %.3f | %.1fx | %.4f (%d) |",
            settings.equals("old") ? "before" : "new", name, ds.size(), rss() >> 20, pct(times, 50), pct(times, 99),
            recall, exactP50 / pct(times, 50), matchRecall, matches));
        log("hnsw %s candidates=%s: p50 %.2f ms p99 %.2f ms recall@%d %.3f (%.1fx faster than exact), matches within %.2f found %d of %d",
            settings, name, pct(times, 50), pct(times, 99), k, recall, exactP50 / pct(times, 50), matchDistance,
            matchesFound, matches);
      }
    }
  }

  /** Whether Lucene 9.12 can use the SIMD vector API in this JVM (Java 21+ with the incubator module). */
  private static String vectorApi() {
    int feature = Runtime.version().feature();
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    int upper = Integer.getInteger("org.apache.lucene.vectorization.upperJavaFeatureVersion", 23);
    return feature >= 21 && module && feature <= upper ? "Lucene SIMD vector API on" : "Lucene SIMD vector API off";
  }

  private static long processCpu() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** True when {@code dir} holds an index of {@code size} vectors that opens with these properties. */
  private boolean reusable(Path dir, Map<String, String> props, int size) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (HnswVectorStore s = HnswVectorStore.open(new VectorStoreConfig(dim, DistanceMetric.COSINE, dir, props))) {
      return s.size() == size;
    } catch (RuntimeException e) {
      log("hnsw: cannot reuse %s (%s); building", dir, e.getMessage());
      return false;
    }
  }

  private static List<String> ids(int start, int end) {
    return IntStream.range(start, end).mapToObj(i -> "v" + i).toList();
  }

  private static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
  }

  private static long usedHeap() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Resident set size of this process, from /proc (0 where there is none). */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  private static long du(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }
}
