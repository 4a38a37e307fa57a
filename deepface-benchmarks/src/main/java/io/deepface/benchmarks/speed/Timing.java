package io.deepface.benchmarks.speed;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One benchmark's numbers, in the unit JMH reports (ms per operation for the timed benchmarks, operations
 * per second for throughput): samples, mean with its 99.9 % confidence half-width, and the distribution's
 * minimum, median, 90th percentile and maximum. On a shared machine the minimum and median are the figures to trust.
 *
 * @param benchmark the simple benchmark name, for example {@code PipelineBenchmark.verify}
 * @param params the JMH parameters, in declaration order
 */
public record Timing(String benchmark, Map<String, String> params, int threads, long samples, double mean, double error,
    double min, double median, double p90, double max, String unit) {

  public Timing {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  static Timing of(RunResult r) {
    String full = r.getParams().getBenchmark();
    String[] parts = full.split("\\.");
    String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
    Map<String, String> params = new LinkedHashMap<>();
    for (String k : r.getParams().getParamsKeys()) {
      params.put(k, r.getParams().getParam(k));
    }
    Statistics s = r.getPrimaryResult().getStatistics();
    double error = r.getPrimaryResult().getScoreError();
    return new Timing(name, params, r.getParams().getThreads(), s.getN(), s.getMean(), Double.isNaN(error) ? 0 : error,
        s.getMin(), s.getPercentile(50), s.getPercentile(90), s.getMax(), r.getPrimaryResult().getScoreUnit());
  }

  /** {@code name} with the params, for example {@code DetectBenchmark.detect detector=yunet size=640x480}. */
  String label() {
    StringBuilder b = new StringBuilder(benchmark);
    params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    return b.toString();
  }

  String param(String key) {
    return params.get(key);
  }
}
