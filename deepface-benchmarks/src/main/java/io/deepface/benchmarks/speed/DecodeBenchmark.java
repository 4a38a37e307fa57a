package io.deepface.benchmarks.speed;

import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
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
 * Decoding JPEG bytes to RGB (ImageIO with TwelveMonkeys, EXIF orientation, pixel conversion): an LFW photo
 * (250x250) and the group photo re-encoded at 640x480 and 1920x1080.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DecodeBenchmark {
  @Param({"lfw-250x250", "640x480", "1920x1080"})
  public String input;

  private byte[] bytes;
  private final ImageDecoder decoder = ImageDecoder.defaults();

  @Setup
  public void setup() {
    bytes = input.startsWith("lfw") ? Inputs.read(Inputs.verifyPair().get(0))
        : Inputs.jpeg(Inputs.groupPhoto(Inputs.size(input)[0], Inputs.size(input)[1]));
  }

  @Benchmark
  public RgbImage decode() {
    return decoder.decode(ImageInput.of(bytes));
  }
}
