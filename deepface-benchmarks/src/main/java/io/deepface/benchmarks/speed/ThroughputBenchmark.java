package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code represent} with the default options on 32 LFW photos (one face each) taken in turn, by every
 * benchmark thread on one shared engine: faces per second. The suite runs it with 1, 2 and 4 threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ThroughputBenchmark {
  private FaceEngine engine;
  private byte[][] photos;
  private final AtomicInteger next = new AtomicInteger();

  @Setup
  public void setup() {
    engine = Inputs.engine();
    List<Path> files = Inputs.lfwImages(32);
    photos = new byte[files.size()][];
    for (int i = 0; i < photos.length; i++) {
      photos[i] = Inputs.read(files.get(i));
    }
    engine.represent(ImageInput.of(photos[0]), FaceOptions.defaults());
  }

  @TearDown
  public void close() {
    engine.close();
  }

  @Benchmark
  public List<Representation> represent() {
    byte[] photo = photos[Math.floorMod(next.getAndIncrement(), photos.length)];
    return engine.represent(ImageInput.of(photo), FaceOptions.defaults());
  }
}
