package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.FaceDetector;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cutting the aligned 112x112 crop of a detected LFW face (similarity fit of the five landmarks, bilinear
 * warp), in each alignment mode.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AlignBenchmark {
  @Param({"landmarks", "eyes"})
  public String alignment;

  private RgbImage image;
  private DetectedFace face;
  private AlignmentMode mode;

  @Setup
  public void setup() {
    image = Inputs.decode(Inputs.verifyPair().get(0));
    try (FaceEngine engine = Inputs.engine()) {
      FaceDetector d = engine.detector("retinaface");
      face = d.detect(image, d.defaultConfidence()).get(0);
    }
    mode = AlignmentMode.valueOf(alignment.toUpperCase(java.util.Locale.ROOT));
  }

  @Benchmark
  public RgbImage align() {
    return FaceAligner.crop(image, face, AlignmentSpec.ARCFACE_112, mode);
  }
}
