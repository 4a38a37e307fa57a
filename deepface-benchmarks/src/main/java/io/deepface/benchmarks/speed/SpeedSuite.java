package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import io.deepface.benchmarks.CommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the speed suite and writes {@code speed.md} (and JMH's JSON and logs) to the output folder: every
 * stage benchmark, the bare model baselines, throughput with 1, 2 and 4 threads, and the interleaved
 * overhead check. {@code --profile quick} (the default; about five minutes on two cores) shortens warm-up and
 * measurement; {@code --profile full} keeps the benchmarks' own settings.
 *
 * <pre>
 * java -cp deepface-benchmarks.jar:lib/* io.deepface.benchmarks.speed.SpeedSuite --out target/benchmark-report \
 *     [--profile quick|full] [--include REGEX] [--detectors retinaface,yunet,...] [--threads 1,2,4] [--rounds 60]
 * </pre>
 */
public final class SpeedSuite {
  /**
   * Every JMH benchmark of this package but throughput (run separately, per thread count); a benchmark class
   * added here (or named with {@code --include}) is run and reported without further changes.
   */
  static final String STAGES = "io\\.deepface\\.benchmarks\\.speed\\.(?!Throughput)\\w+Benchmark\\.";

  private SpeedSuite() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    Path out = Path.of(a.getOrDefault("out", "target/benchmark-report"));
    Files.createDirectories(out);
    boolean quick = !"full".equals(a.getOrDefault("profile", "quick"));
    String include = a.getOrDefault("include", STAGES);
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "60"));
    List<Integer> threads = Arrays.stream(a.getOrDefault("threads", "1,2,4").split(",")).map(Integer::parseInt).toList();

    List<Timing> timings = new ArrayList<>();
    StringBuilder log = new StringBuilder();
    long start = System.nanoTime();
    phase(log, "stage benchmarks", () -> {
      ChainedOptionsBuilder o = options(quick, out, "stages").include(include);
      if (a.containsKey("detectors")) {
        o.param("detector", a.get("detectors").split(","));
      }
      for (RunResult r : new Runner(o.build()).run()) {
        timings.add(Timing.of(r));
      }
    });
    for (int t : threads) {
      if (t <= 0) {
        continue;
      }
      phase(log, "throughput, " + t + " thread(s)", () -> {
        ChainedOptionsBuilder o = options(quick, out, "throughput-" + t).include("ThroughputBenchmark").threads(t);
        for (RunResult r : new Runner(o.build()).run()) {
          timings.add(Timing.of(r));
        }
      });
    }
    Map<String, List<String>> calls = new LinkedHashMap<>();
    List<OverheadCheck.Result> interleaved = new ArrayList<>();
    phase(log, "model calls and interleaved overhead check", () -> {
      calls.putAll(ModelCalls.labels(List.copyOf(Scenarios.all(new Scenarios.Data()).keySet())));
      if (rounds > 0) {
        try (FaceEngine engine = Inputs.engine()) {
          for (String s : List.of(Scenarios.VERIFY, Scenarios.ANALYZE, Scenarios.REPRESENT)) {
            interleaved.add(OverheadCheck.measure(engine, s, 5, rounds));
          }
        }
      }
    });
    String md = "## Speed\n\n" + String.format(Locale.ROOT, "%s. Profile %s; %.1f minutes.%n%n", Machine.describe(),
        quick ? "quick (warm-up 1 x 1 s, measurement 3 x 1 s, one fork per benchmark)"
            : "full (each benchmark's own warm-up and measurement)", (System.nanoTime() - start) / 60e9)
        + "Load averages (1, 5, 15 min) at the start and end of each phase:\n\n" + log + "\n"
        + SpeedReport.markdown(timings, calls, interleaved);
    Files.writeString(out.resolve("speed.md"), md);
    System.out.println(md);
    System.err.println("Wrote " + out.resolve("speed.md"));
  }

  private static ChainedOptionsBuilder options(boolean quick, Path out, String name) {
    ChainedOptionsBuilder o = new OptionsBuilder().shouldFailOnError(false)
        .resultFormat(ResultFormatType.JSON).result(out.resolve("jmh-" + name + ".json").toString())
        .output(out.resolve("jmh-" + name + ".log").toString());
    if (quick) {
      o.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(3)
          .measurementTime(TimeValue.seconds(1));
    }
    return o;
  }

  /** A phase of the suite, with the load before and after it in the log. */
  private interface Phase {
    void run() throws Exception;
  }

  private static void phase(StringBuilder log, String name, Phase p) throws Exception {
    String before = Machine.load();
    long t0 = System.nanoTime();
    System.err.println("Speed suite: " + name + " (load " + before + ")");
    p.run();
    log.append(String.format(Locale.ROOT, "- %s: %s -> %s (%.0f s)%n", name, before, Machine.load(),
        (System.nanoTime() - t0) / 1e9));
  }
}
