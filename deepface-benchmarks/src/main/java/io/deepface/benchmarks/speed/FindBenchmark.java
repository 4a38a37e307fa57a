package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.benchmarks.search.SyntheticEmbeddings;
import io.deepface.find.FaceIndex;
import io.deepface.find.Neighbor;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * Find against a gallery of 1 000 or 100 000 faces with the exact store ({@link FaceIndex}, the default below
 * 100 000 faces): {@code find} embeds an encoded LFW photo with the default options and searches the gallery
 * for its ten nearest faces; {@code search} is the gallery search alone. The gallery holds the embeddings of
 * the other photo of the verify pair and of a few more LFW faces among synthetic face-like unit vectors of the
 * default model's dimension ({@link SyntheticEmbeddings}: there are not 100 000 real faces here); an exact
 * search costs the same whatever the vectors are.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class FindBenchmark {
  @Param({"1000", "100000"})
  public int gallery;

  private FaceEngine engine;
  private FaceOptions options;
  private FaceIndex index;
  private byte[] photo;
  private float[] query;

  @Setup
  public void setup() {
    engine = Inputs.engine();
    options = FaceOptions.defaults();
    List<Path> pair = Inputs.verifyPair();
    photo = Inputs.read(pair.get(0));
    List<Path> enrolled = Inputs.lfwImages(16);
    int dim = engine.embedder(options.model()).dimension();
    index = new FaceIndex(dim, DistanceMetric.COSINE);
    index.add(pair.get(1).toString(), represent(Inputs.read(pair.get(1))));
    for (Path p : enrolled) {
      if (!p.equals(pair.get(0)) && !index.contains(p.toString())) {
        index.add(p.toString(), represent(Inputs.read(p)));
      }
    }
    SyntheticEmbeddings synthetic = new SyntheticEmbeddings(dim, gallery - index.size(), 42, false);
    for (int start = 0; start < synthetic.size(); start += 10_000) {
      int end = Math.min(synthetic.size(), start + 10_000);
      index.addAll(IntStream.range(start, end).mapToObj(i -> "synthetic-" + i).toList(), synthetic.vectors(start, end));
    }
    query = represent(photo);
    List<Neighbor> top = index.search(query, 1);
    if (!top.get(0).id().equals(pair.get(1).toString())) {
      throw new IllegalStateException("the other photo of the pair is not the nearest face: " + top);
    }
  }

  private float[] represent(byte[] image) {
    return engine.represent(ImageInput.of(image), options).get(0).embedding();
  }

  @TearDown
  public void close() {
    engine.close();
  }

  @Benchmark
  public List<Neighbor> find() {
    return index.search(represent(photo), 10);
  }

  @Benchmark
  public List<Neighbor> search() {
    return index.search(query, 10);
  }
}
