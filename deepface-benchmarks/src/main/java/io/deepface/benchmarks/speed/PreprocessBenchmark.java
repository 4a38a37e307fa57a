package io.deepface.benchmarks.speed;

import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import java.util.Collections;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pixel work around the models, alone: scaling a 1920x1080 photo to RetinaFace's 640-pixel input, and
 * packing images into normalised NCHW float tensors (RetinaFace's 256x256 input for an LFW photo, eight
 * 112x112 crops for an embedder).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PreprocessBenchmark {
  @Param({"resize 1920x1080 to 640x360", "nchw 1x256x256", "nchw 8x112x112"})
  public String op;

  private RgbImage image;
  private List<RgbImage> batch;

  @Setup
  public void setup() {
    if (op.startsWith("resize")) {
      image = Inputs.groupPhoto(1920, 1080);
    } else if (op.contains("256")) {
      batch = List.of(ImageOps.padTo(Inputs.decode(Inputs.verifyPair().get(0)), 256, 256));
    } else {
      batch = Collections.nCopies(8, ImageOps.resize(Inputs.decode(Inputs.verifyPair().get(0)), 112, 112));
    }
  }

  @Benchmark
  public Object run() {
    if (image != null) {
      return ImageOps.resize(image, 640, 360);
    }
    Tensor t = ImageTensors.nchw(batch, ImageTensors.ChannelOrder.BGR, new float[] {104f, 117f, 123f},
        ImageTensors.all(1));
    return t;
  }
}
