package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import java.util.List;
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
 * One detector on the decoded group photo (six faces) at 640x480 and 1920x1080, at the detector's default
 * confidence: resizing, tensor packing, the model, decoding and non-maximum suppression. Detectors of every
 * backend on the classpath: ONNX Runtime's, OpenCV's Haar cascade ({@code opencv}), DJL TFLite's
 * ({@code mediapipe}, {@code mtcnn}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DetectBenchmark {
  @Param({"retinaface-yunet", "retinaface", "yunet", "ultraface", "blazeface", "blazeface-front", "opencv", "mediapipe",
      "mtcnn"})
  public String detector;

  @Param({"640x480", "1920x1080"})
  public String size;

  private static final List<String> ONNX_DETECTORS = List.of("retinaface-yunet", "retinaface", "yunet", "ultraface",
      "blazeface", "blazeface-front");

  private FaceEngine engine;
  private FaceDetector d;
  private RgbImage image;

  @Setup
  public void setup() {
    engine = ONNX_DETECTORS.contains(detector) ? Inputs.engine() : Inputs.engineWithAllBackends();
    d = engine.detector(detector);
    int[] wh = Inputs.size(size);
    image = Inputs.groupPhoto(wh[0], wh[1]);
  }

  @TearDown
  public void close() {
    engine.close();
  }

  @Benchmark
  public List<DetectedFace> detect() {
    return d.detect(image, d.defaultConfidence());
  }
}
