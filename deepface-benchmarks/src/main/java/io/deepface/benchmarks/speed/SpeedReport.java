package io.deepface.benchmarks.speed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Formats the speed suite's results as Markdown: per-stage tables, bare model times, the pipeline's overhead
 * ratios (pipeline time / bare model time, from the same run) and throughput by thread count.
 */
public final class SpeedReport {
  /** The ratio the issue sets for verify and analyze. */
  static final double TARGET_RATIO = 1.15;

  private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("DecodeBenchmark", "Decode (JPEG bytes to RGB)");
    SECTIONS.put("DetectBenchmark", "Detect (group photo, six faces, default confidence)");
    SECTIONS.put("AlignBenchmark", "Align (one LFW face to a 112x112 crop)");
    SECTIONS.put("PreprocessBenchmark", "Pixel work alone (resize, tensor packing)");
    SECTIONS.put("EmbedBenchmark", "Embed (aligned 112x112 LFW crops; time per call of `batch` crops)");
    SECTIONS.put("AttributeBenchmark", "Analyze, per action (one detected LFW face; the action's model with its crop)");
    SECTIONS.put("PipelineBenchmark", "End to end (encoded LFW photos, default options) and the same model calls on bare sessions");
    SECTIONS.put("FindBenchmark", "Find in a gallery of `gallery` faces, exact store (`find`: embed an encoded LFW photo with the default options, then search; `search`: the search alone; top 10)");
    // Benchmark classes not named here get a section titled with their name, after these.
    SECTIONS.put("BareModelBenchmark", "Bare ONNX Runtime `session.run` on the pipeline's own input tensor (`scenario:model`)");
  }

  private SpeedReport() {}

  /**
   * @param timings every JMH result
   * @param scenarioCalls per {@link Scenarios scenario}, the labels of its model calls, in order
   * @param interleaved the alternating pipeline / bare measurements
   */
  public static String markdown(List<Timing> timings, Map<String, List<String>> scenarioCalls,
      List<OverheadCheck.Result> interleaved) {
    StringBuilder s = new StringBuilder();
    s.append("Times in ms per operation (JMH sample mode: every call timed). mean ± 99.9 % confidence half-width; ")
        .append("min and median are the robust figures on a shared machine.\n\n");
    Map<String, String> sections = new LinkedHashMap<>(SECTIONS);
    for (Timing t : timings) {
      String benchmarkClass = t.benchmark().substring(0, t.benchmark().indexOf('.'));
      if (!benchmarkClass.equals("ThroughputBenchmark")) {
        sections.putIfAbsent(benchmarkClass, benchmarkClass);
      }
    }
    for (Map.Entry<String, String> section : sections.entrySet()) {
      List<Timing> rows = timings.stream().filter(t -> t.benchmark().startsWith(section.getKey() + ".")).toList();
      if (!rows.isEmpty()) {
        s.append("### ").append(section.getValue()).append("\n\n").append(table(rows, section.getKey(), scenarioCalls))
            .append('\n');
      }
    }
    s.append(overhead(timings, scenarioCalls, interleaved));
    s.append(throughput(timings));
    return s.toString();
  }

  private static String table(List<Timing> rows, String benchmarkClass, Map<String, List<String>> scenarioCalls) {
    List<String> keys = new ArrayList<>(rows.get(0).params().keySet());
    boolean methods = rows.stream().map(Timing::benchmark).distinct().count() > 1;
    boolean bare = benchmarkClass.equals("BareModelBenchmark");
    StringBuilder s = new StringBuilder("|");
    if (methods) {
      s.append(" benchmark |");
    }
    keys.forEach(k -> s.append(' ').append(k).append(" |"));
    if (bare) {
      s.append(" model and input shape |");
    }
    s.append(" samples | mean ± error | min | median | p90 |\n|");
    s.append("---|".repeat(keys.size() + (methods ? 1 : 0) + (bare ? 1 : 0) + 5)).append('\n');
    for (Timing t : rows) {
      s.append('|');
      if (methods) {
        s.append(' ').append(t.benchmark().substring(t.benchmark().indexOf('.') + 1)).append(" |");
      }
      keys.forEach(k -> s.append(' ').append(t.param(k)).append(" |"));
      if (bare) {
        s.append(' ').append(bareLabel(t.param("call"), scenarioCalls).orElse("?")).append(" |");
      }
      s.append(String.format(Locale.ROOT, " %d | %s ± %s | %s | %s | %s |%n", t.samples(), ms(t.mean()), ms(t.error()),
          ms(t.min()), ms(t.median()), ms(t.p90())));
    }
    return s.toString();
  }

  /** The call label ({@code model [shape]}) a {@code scenario:model} bare benchmark measures. */
  static Optional<String> bareLabel(String call, Map<String, List<String>> scenarioCalls) {
    int colon = call.lastIndexOf(':');
    List<String> labels = scenarioCalls.getOrDefault(call.substring(0, colon), List.of());
    String model = call.substring(colon + 1);
    return labels.stream().filter(l -> l.startsWith(model + " ")).findFirst();
  }

  /** The scenario a pipeline timing runs, if it has one. */
  static Optional<String> scenarioOf(Timing t) {
    return Optional.ofNullable(switch (t.benchmark()) {
      case "PipelineBenchmark.verify" -> Scenarios.VERIFY;
      case "PipelineBenchmark.represent" -> Scenarios.REPRESENT;
      case "PipelineBenchmark.analyze" -> Scenarios.ANALYZE;
      case "DetectBenchmark.detect" -> "retinaface".equals(t.param("detector")) ? "detect-retinaface-" + t.param("size") : null;
      case "EmbedBenchmark.embed" -> "fusion".equals(t.param("model")) ? "embed-fusion-" + t.param("batch") : null;
      default -> null;
    });
  }

  /**
   * The sum over a scenario's model calls of each call's bare time ({@code stat} of the bare benchmark that
   * measured a call with the same label), or NaN when a call's model was not measured.
   */
  static double sumOfBare(List<String> calls, Map<String, Timing> bareByLabel, ToDoubleFunction<Timing> stat) {
    double sum = 0;
    for (String label : calls) {
      Timing t = bareByLabel.get(label);
      if (t == null) {
        return Double.NaN;
      }
      sum += stat.applyAsDouble(t);
    }
    return sum;
  }

  private static String overhead(List<Timing> timings, Map<String, List<String>> scenarioCalls,
      List<OverheadCheck.Result> interleaved) {
    Map<String, Timing> bareByLabel = new LinkedHashMap<>();
    for (Timing t : timings) {
      if (t.benchmark().equals("BareModelBenchmark.run")) {
        bareByLabel.put(bareLabel(t.param("call"), scenarioCalls).orElse(t.param("call")), t);
      }
    }
    Map<String, Timing> byName = new LinkedHashMap<>();
    timings.forEach(t -> byName.put(t.benchmark(), t));
    StringBuilder s = new StringBuilder("### Pipeline overhead: pipeline time / bare model time (target <= "
        + TARGET_RATIO + " for verify and analyze)\n\n");
    s.append("\"paired\": the `...ModelsOnly` benchmark that replays the operation's model calls on bare sessions; "
        + "\"sum of bare\": the sum of the per-model bare benchmarks over the calls. Medians, minima in brackets.\n\n");
    s.append("| operation | model calls | pipeline | paired models only | ratio paired | sum of bare | ratio to sum |\n");
    s.append("|---|---|---|---|---|---|---|\n");
    for (Timing t : timings) {
      Optional<String> scenario = scenarioOf(t);
      if (scenario.isEmpty() || !scenarioCalls.containsKey(scenario.get())) {
        continue;
      }
      List<String> calls = scenarioCalls.get(scenario.get());
      Timing paired = byName.get(t.benchmark() + "ModelsOnly");
      double sumMedian = sumOfBare(calls, bareByLabel, Timing::median);
      double sumMin = sumOfBare(calls, bareByLabel, Timing::min);
      s.append(String.format(Locale.ROOT, "| %s | %s | %s (%s) | %s | %s | %s | %s |%n", scenario.get(), summarise(calls),
          ms(t.median()), ms(t.min()),
          paired == null ? "-" : ms(paired.median()) + " (" + ms(paired.min()) + ")",
          paired == null ? "-" : ratio(t.median() / paired.median()) + " (" + ratio(t.min() / paired.min()) + ")",
          Double.isNaN(sumMedian) ? "-" : ms(sumMedian) + " (" + ms(sumMin) + ")",
          Double.isNaN(sumMedian) ? "-" : ratio(t.median() / sumMedian) + " (" + ratio(t.min() / sumMin) + ")"));
    }
    if (!interleaved.isEmpty()) {
      s.append("\nInterleaved (each round: one pipeline call, then its model calls on bare sessions; both see the same load):\n\n");
      s.append("| operation | rounds | pipeline median (min) | models only median (min) | median of per-round ratios | ratio of minima | target |\n");
      s.append("|---|---|---|---|---|---|---|\n");
      for (OverheadCheck.Result r : interleaved) {
        boolean targeted = r.scenario().equals(Scenarios.VERIFY) || r.scenario().equals(Scenarios.ANALYZE);
        s.append(String.format(Locale.ROOT, "| %s | %d | %s (%s) | %s (%s) | %s | %s | %s |%n", r.scenario(), r.rounds(),
            ms(r.pipelineMedian()), ms(r.pipelineMin()), ms(r.modelsMedian()), ms(r.modelsMin()), ratio(r.medianRatio()),
            ratio(r.minRatio()), !targeted ? "-" : r.medianRatio() <= TARGET_RATIO ? "met" : "missed"));
      }
    }
    return s.append('\n').toString();
  }

  /** {@code 2x retinaface_mbnet0.25 [1, 3, 256, 256], 2x fr_feature [...]}: calls grouped by label, in order. */
  static String summarise(List<String> calls) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    calls.forEach(c -> counts.merge(c, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((label, n) -> parts.add(n + "x " + label));
    return String.join(", ", parts);
  }

  private static String throughput(List<Timing> timings) {
    List<Timing> rows = timings.stream().filter(t -> t.benchmark().equals("ThroughputBenchmark.represent")).toList();
    if (rows.isEmpty()) {
      return "";
    }
    double one = rows.stream().filter(t -> t.threads() == 1).mapToDouble(Timing::mean).findFirst().orElse(Double.NaN);
    StringBuilder s = new StringBuilder("### Throughput: represent (default options, LFW photos, one face each) on one shared engine\n\n");
    s.append("| threads | faces/s (mean ± error) | slowest iteration | fastest iteration | vs 1 thread |\n|---|---|---|---|---|\n");
    for (Timing t : rows) {
      s.append(String.format(Locale.ROOT, "| %d | %.1f ± %.1f | %.1f | %.1f | %.2fx |%n", t.threads(), t.mean(), t.error(),
          t.min(), t.max(), t.mean() / one));
    }
    return s.append('\n').toString();
  }

  static String ms(double v) {
    return Double.isNaN(v) ? "-" : v >= 100 ? String.format(Locale.ROOT, "%.1f", v)
        : v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f", r);
  }
}
