package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceEmbedder;
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

/** One embedder on aligned 112x112 crops of LFW faces, one crop or eight per call (time per call). */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EmbedBenchmark {
  @Param({"fusion", "faceplugin-512", "mobilefacenet-128"})
  public String model;

  @Param({"1", "8"})
  public int batch;

  private FaceEngine engine;
  private FaceEmbedder embedder;
  private List<RgbImage> crops;

  @Setup
  public void setup() {
    engine = Inputs.engine();
    embedder = engine.embedder(model);
    crops = Scenarios.alignedCrops(engine, Inputs.decodeAll(Inputs.lfwImages(8))).subList(0, batch);
  }

  @TearDown
  public void close() {
    engine.close();
  }

  @Benchmark
  public float[][] embed() {
    return embedder.embed(crops);
  }
}
