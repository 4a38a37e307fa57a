package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The pipeline's overhead measured in alternation: each round times one pipeline operation and then the
 * same operation's model calls on bare sessions ({@link ModelCalls}), so that both see the same machine
 * load. Reports the minimum and median of each and the median of the per-round ratios.
 */
final class OverheadCheck {
  /** The numbers of one scenario, times in milliseconds. */
  record Result(String scenario, int rounds, double pipelineMin, double pipelineMedian, double modelsMin,
      double modelsMedian, double medianRatio) {
    double minRatio() {
      return pipelineMin / modelsMin;
    }
  }

  private OverheadCheck() {}

  static Result measure(FaceEngine engine, String scenario, int warmup, int rounds) {
    Function<FaceEngine, Object> op = Scenarios.all(new Scenarios.Data()).get(scenario);
    try (ModelCalls calls = ModelCalls.capture(scenario)) {
      for (int i = 0; i < warmup; i++) {
        op.apply(engine);
        calls.runAll();
      }
      double[] pipeline = new double[rounds];
      double[] models = new double[rounds];
      double[] ratio = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        op.apply(engine);
        long t1 = System.nanoTime();
        calls.runAll();
        long t2 = System.nanoTime();
        pipeline[i] = (t1 - t0) / 1e6;
        models[i] = (t2 - t1) / 1e6;
        ratio[i] = pipeline[i] / models[i];
      }
      return new Result(scenario, rounds, min(pipeline), median(pipeline), min(models), median(models), median(ratio));
    }
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
