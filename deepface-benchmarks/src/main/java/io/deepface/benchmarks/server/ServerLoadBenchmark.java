package io.deepface.benchmarks.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.benchmarks.CommandLine;
import io.deepface.benchmarks.lfw.LfwPairs;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load run against a running server: {@code POST /verify} with real LFW pairs from 1, 4 and 16 concurrent
 * clients for a fixed time each (throughput, p50 and p99 latency, wrong answers, server RSS before and after), then a
 * burst far beyond the server's queue (how many 503s, how fast, whether the admitted requests are right, RSS).
 * A wrong answer is one that differs from the server's own answer to the same pair sent alone first (verified and
 * distance), so load must not change results; agreement with LFW's labels is reported beside it.
 *
 * <pre>
 * ServerLoadBenchmark --url http://127.0.0.1:5005 --pid 1234 --pairs ../shared/datasets/lfw-dev/pairs.txt
 *     --images ../shared/datasets/lfw-dev/images [--seconds 60] [--clients 1,4,16] [--burst 200] [--out report.md]
 * </pre>
 */
public final class ServerLoadBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI verify;
  private final long pid;

  private ServerLoadBenchmark(String url, long pid) {
    this.verify = URI.create(url + "/verify");
    this.pid = pid;
  }

  private record Body(String json, boolean same) {}

  private record Reference(boolean verified, double distance) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = CommandLine.parse(args);
    ServerLoadBenchmark b = new ServerLoadBenchmark(o.getOrDefault("url", "http://127.0.0.1:5005"),
        Long.parseLong(o.getOrDefault("pid", "-1")));
    LfwPairs pairs = LfwPairs.read(Path.of(o.getOrDefault("pairs", "../shared/datasets/lfw-dev/pairs.txt")),
        Path.of(o.getOrDefault("images", "../shared/datasets/lfw-dev/images")));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
    List<Integer> levels = new ArrayList<>();
    for (String c : o.getOrDefault("clients", "1,4,16").split(",")) {
      levels.add(Integer.parseInt(c.strip()));
    }
    int burst = Integer.parseInt(o.getOrDefault("burst", "200"));
    PrintStream out = o.containsKey("out") ? new PrintStream(Files.newOutputStream(Path.of(o.get("out"))), true,
        StandardCharsets.UTF_8) : System.out;
    b.run(pairs, seconds, levels, burst, out);
  }

  private void run(LfwPairs lfw, int seconds, List<Integer> levels, int burst, PrintStream out) throws Exception {
    // 40 pairs of fold 1, half the same person, as JSON bodies with data URIs.
    List<Body> bodies = new ArrayList<>();
    for (boolean same : new boolean[] {true, false}) {
      lfw.pairs().stream().filter(p -> p.fold() == 1 && p.same() == same).limit(20).forEach(p -> {
        try {
          Map<String, String> m = new LinkedHashMap<>();
          m.put("img1", dataUri(p.first()));
          m.put("img2", dataUri(p.second()));
          bodies.add(new Body(JSON.writeValueAsString(m), same));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    List<Reference> refs = new ArrayList<>();
    int labelled = 0;
    for (Body body : bodies) {
      HttpResponse<String> r = send(body.json());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("the reference request failed: " + r.statusCode() + " " + r.body());
      }
      JsonNode n = JSON.readTree(r.body());
      refs.add(new Reference(n.get("verified").asBoolean(), n.get("distance").asDouble()));
      labelled += n.get("verified").asBoolean() == body.same() ? 1 : 0;
    }
    out.printf(Locale.ROOT, "Server load: POST /verify with %d LFW pairs (fold 1; %d of %d agree with LFW's labels), "
        + "%d s per level, %d cores here.%n%n", bodies.size(), labelled, bodies.size(), seconds,
        Runtime.getRuntime().availableProcessors());
    out.println("| clients | answered 200 | throughput (req/s) | p50 (ms) | p99 (ms) | 503 busy | other errors "
        + "| wrong answers | server RSS before (MiB) | after (MiB) |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int clients : levels) {
      long rssBefore = rssMiB();
      Level l = level(bodies, refs, clients, Duration.ofSeconds(seconds));
      out.printf(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.0f | %d | %d | %d | %s | %s |%n", clients,
          l.latencies.size(), l.latencies.size() / l.seconds, percentile(l.latencies, 50), percentile(l.latencies, 99),
          l.busy, l.errors, l.wrong, mib(rssBefore), mib(rssMiB()));
    }
    burst(bodies, refs, burst, out);
  }

  /** Latencies of the 200 answers; 503s (the client waits Retry-After, as a client should) and other errors. */
  private record Level(List<Double> latencies, int busy, int errors, int wrong, double seconds) {}

  private Level level(List<Body> bodies, List<Reference> refs, int clients, Duration length)
      throws InterruptedException {
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger busy = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    long end = t0 + length.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            int i = Math.floorMod(next.getAndIncrement(), bodies.size());
            long s = System.nanoTime();
            try {
              HttpResponse<String> r = send(bodies.get(i).json());
              if (r.statusCode() == 503) {
                busy.incrementAndGet();
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
              } else if (r.statusCode() != 200) {
                errors.incrementAndGet();
              } else {
                latencies.add((System.nanoTime() - s) / 1e6);
                if (!same(r.body(), refs.get(i))) {
                  wrong.incrementAndGet();
                }
              }
            } catch (IOException e) {
              errors.incrementAndGet();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      });
      t.start();
    }
    done.await();
    return new Level(new ArrayList<>(latencies), busy.get(), errors.get(), wrong.get(), (System.nanoTime() - t0) / 1e9);
  }

  private void burst(List<Body> bodies, List<Reference> refs, int n, PrintStream out) throws Exception {
    long rssBefore = rssMiB();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
    List<Long> started = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      started.add(System.nanoTime());
      fs.add(client.sendAsync(request(bodies.get(i % bodies.size()).json()), HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> r));
    }
    List<Double> busyMs = Collections.synchronizedList(new ArrayList<>());
    List<Double> okMs = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicLong retryAfter = new AtomicLong();
    for (int i = 0; i < n; i++) {
      final int k = i;
      HttpResponse<String> r;
      try {
        r = fs.get(i).get();
      } catch (java.util.concurrent.ExecutionException e) {
        other.incrementAndGet();
        continue;
      }
      double ms = (System.nanoTime() - started.get(k)) / 1e6;
      if (r.statusCode() == 503) {
        busyMs.add(ms);
        if (r.headers().firstValue("Retry-After").isPresent()) {
          retryAfter.incrementAndGet();
        }
      } else if (r.statusCode() == 200) {
        okMs.add(ms);
        if (!same(r.body(), refs.get(k % refs.size()))) {
          wrong.incrementAndGet();
        }
      } else {
        other.incrementAndGet();
      }
    }
    out.printf(Locale.ROOT, "%nBurst: %d requests at once. %d answered 200 (p50 %.0f ms, max %.0f ms; %d wrong), "
        + "%d answered 503 (%d with Retry-After; p50 %.0f ms, max %.0f ms after sending), %d other; server RSS "
        + "%s MiB before, %s MiB after.%n", n, okMs.size(), percentile(okMs, 50), percentile(okMs, 100), wrong.get(),
        busyMs.size(), retryAfter.get(), percentile(busyMs, 50), percentile(busyMs, 100), other.get(), mib(rssBefore),
        mib(rssMiB()));
  }

  private static boolean same(String body, Reference ref) throws IOException {
    JsonNode n = JSON.readTree(body);
    return n.get("verified").asBoolean() == ref.verified() && n.get("distance").asDouble() == ref.distance();
  }

  private HttpRequest request(String json) {
    return HttpRequest.newBuilder(verify).timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private HttpResponse<String> send(String json) throws IOException, InterruptedException {
    return client.send(request(json), HttpResponse.BodyHandlers.ofString());
  }

  private static String dataUri(Path p) throws IOException {
    return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(p));
  }

  private static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }

  /** The server's resident memory in KiB from /proc, or -1. */
  private long rssMiB() {
    if (pid < 0) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // reported as unknown
    }
    return -1;
  }

  private static String mib(long kib) {
    return kib < 0 ? "?" : Long.toString(kib / 1024);
  }
}
