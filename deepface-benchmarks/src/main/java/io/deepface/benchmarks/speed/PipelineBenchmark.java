package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end, from encoded photos, with the default options: {@code verify} of two LFW photos,
 * {@code represent} and {@code analyze} (age, gender, emotion) of one. Each is followed (JMH runs them in
 * name order) by {@code ...ModelsOnly}: the same run's model calls replayed on bare ONNX Runtime sessions
 * with prepared tensors, so the ratio of the two is the pipeline's overhead, measured minutes apart at most.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PipelineBenchmark {

  /** The default engine and the photos. */
  @State(Scope.Benchmark)
  public static class Pipeline {
    FaceEngine engine;
    Scenarios.Data data;

    @Setup
    public void setup() {
      engine = Inputs.engine();
      data = new Scenarios.Data();
    }

    @TearDown
    public void close() {
      engine.close();
    }
  }

  /** The model calls of {@code verify}. */
  @State(Scope.Benchmark)
  public static class VerifyModels {
    ModelCalls calls;

    @Setup
    public void setup() {
      calls = ModelCalls.capture(Scenarios.VERIFY);
    }

    @TearDown
    public void close() {
      calls.close();
    }
  }

  /** The model calls of {@code represent}. */
  @State(Scope.Benchmark)
  public static class RepresentModels {
    ModelCalls calls;

    @Setup
    public void setup() {
      calls = ModelCalls.capture(Scenarios.REPRESENT);
    }

    @TearDown
    public void close() {
      calls.close();
    }
  }

  /** The model calls of {@code analyze}. */
  @State(Scope.Benchmark)
  public static class AnalyzeModels {
    ModelCalls calls;

    @Setup
    public void setup() {
      calls = ModelCalls.capture(Scenarios.ANALYZE);
    }

    @TearDown
    public void close() {
      calls.close();
    }
  }

  @Benchmark
  public Object verify(Pipeline p) {
    return Scenarios.verify(p.engine, p.data);
  }

  @Benchmark
  public int verifyModelsOnly(VerifyModels m) {
    return m.calls.runAll();
  }

  @Benchmark
  public Object represent(Pipeline p) {
    return Scenarios.represent(p.engine, p.data);
  }

  @Benchmark
  public int representModelsOnly(RepresentModels m) {
    return m.calls.runAll();
  }

  @Benchmark
  public Object analyze(Pipeline p) {
    return Scenarios.analyze(p.engine, p.data);
  }

  @Benchmark
  public int analyzeModelsOnly(AnalyzeModels m) {
    return m.calls.runAll();
  }
}
