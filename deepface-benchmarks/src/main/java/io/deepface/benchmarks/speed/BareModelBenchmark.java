package io.deepface.benchmarks.speed;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One model's bare {@code OrtSession.run} on the tensor the pipeline prepared for it ({@code scenario:model}:
 * the model's first call in that {@link Scenarios scenario}), with the session options the onnx backend
 * uses: the lower limit of every stage that runs it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BareModelBenchmark {
  @Param({"verify:retinaface_mbnet0.25", "verify:fr_feature", "verify:mobilefacenet", "analyze:faceres-deep",
      "analyze:age_gender_model", "analyze:face_expression_model",
      "detect-retinaface-640x480:retinaface_mbnet0.25",
      "detect-retinaface-1920x1080:retinaface_mbnet0.25", "embed-fusion-8:mobilefacenet"})
  public String call;

  private ModelCalls calls;

  @Setup
  public void setup() {
    calls = ModelCalls.captureOne(call);
  }

  @TearDown
  public void close() {
    calls.close();
  }

  @Benchmark
  public int run() {
    return calls.runAll();
  }
}
