package io.deepface.benchmarks.speed;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceEngine;
import io.deepface.analysis.AttributeValue;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.spi.AttributeModel;
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
 * One analyze action's default model on a detected LFW face (its own crop, resize, tensor and model run), the
 * per-face cost each action adds to {@code analyze}. Age and gender share one model, which runs once for both.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AttributeBenchmark {
  @Param({"age", "gender", "emotion", "race", "pose", "landmarks", "eyes", "spoof"})
  public String action;

  private FaceEngine engine;
  private AttributeModel model;
  private RgbImage image;
  private DetectedFace face;

  @Setup
  public void setup() {
    engine = Inputs.engine();
    model = engine.attributeModel(AnalyzeOptions.DEFAULT_MODELS.get(AnalyzeOptions.parseAction(action)));
    image = Inputs.decode(Inputs.verifyPair().get(0));
    FaceDetector d = engine.detector("retinaface");
    face = d.detect(image, d.defaultConfidence()).get(0);
  }

  @TearDown
  public void close() {
    engine.close();
  }

  @Benchmark
  public List<AttributeValue> predict() {
    return model.predict(image, face);
  }
}
