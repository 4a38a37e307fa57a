package io.deepface.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceEmbedder;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link FaceEmbedder} promises, checked on real faces: a backend module subclasses this for its own
 * embedders. Vectors have the declared dimension and are finite; two photos of one person are closer than photos of
 * two people; a batch gives the vectors one-by-one calls give; the crop template is usable; the component is
 * thread-safe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmbedderConformanceTest {
  private static final List<Path> FACES = List.of(TestData.lfw("Aaron_Sorkin", 1), TestData.lfw("Aaron_Sorkin", 2),
      TestData.lfw("Colin_Powell", 198));

  /** The engine whose registry selects this module's components (usually {@link TestEngines#shared()}). */
  protected FaceEngine engine() {
    return TestEngines.shared();
  }

  /** The backend the embedders must come from, for example {@code onnx}. */
  protected abstract String backend();

  /** The embedders to check. */
  protected abstract List<String> embedders();

  /** The detector used to find the faces to embed (default {@code retinaface}). */
  protected String detector() {
    return "retinaface";
  }

  /** The three faces, aligned for {@code embedder}. */
  private List<RgbImage> crops(FaceEmbedder embedder) {
    List<RgbImage> out = new ArrayList<>();
    for (Path p : FACES) {
      RgbImage img = TestEngines.decode(p);
      DetectedFace f = engine().detectFaces(ImageInput.of(img, p.toString()),
          FaceOptions.builder().detector(detector()).build()).get(0);
      out.add(FaceAligner.crop(img, f, embedder.alignment(), FaceOptions.defaults().alignment()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("embedders")
  void isOfferedByThisBackendUnderItsName(String name) {
    FaceEmbedder e = engine().embedder(name);
    assertThat(e.info().name()).isEqualTo(name);
    assertThat(e.info().backend()).isEqualTo(backend());
    assertThat(e.dimension()).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("embedders")
  void theCropTemplateLiesInsideTheCrop(String name) {
    FaceEmbedder e = engine().embedder(name);
    assertThat(e.alignment().template()).hasSize(5);
    for (Point p : e.alignment().template()) {
      assertThat(p.x()).isBetween(0.0, e.alignment().width() - 1.0);
      assertThat(p.y()).isBetween(0.0, e.alignment().height() - 1.0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("embedders")
  void vectorsHaveTheDeclaredDimensionAndTellPeopleApart(String name) {
    FaceEmbedder e = engine().embedder(name);
    float[][] v = e.embed(crops(e));
    assertThat(v).hasDimensions(3, e.dimension());
    for (float[] row : v) {
      for (float x : row) {
        assertThat(Float.isFinite(x)).isTrue();
      }
    }
    double same = DistanceMetric.COSINE.distance(v[0], v[1]);
    double other = Math.min(DistanceMetric.COSINE.distance(v[0], v[2]), DistanceMetric.COSINE.distance(v[1], v[2]));
    assertThat(same).as(name + ": two photos of Aaron Sorkin against Colin Powell").isLessThan(other);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("embedders")
  void aBatchGivesTheVectorsOfOneByOneCalls(String name) {
    FaceEmbedder e = engine().embedder(name);
    List<RgbImage> crops = crops(e);
    float[][] batch = e.embed(crops);
    for (int i = 0; i < crops.size(); i++) {
      float[] alone = e.embed(List.of(crops.get(i)))[0];
      assertThat(DistanceMetric.COSINE.distance(alone, batch[i])).as(name + " face " + i).isLessThan(1e-5);
    }
    assertThat(e.embed(List.of())).isEmpty();
  }

  /** One instance serves every thread: concurrent calls give what one call alone gives. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("embedders")
  void concurrentCallsGiveTheSameVectors(String name) throws Exception {
    FaceEmbedder e = engine().embedder(name);
    List<RgbImage> crops = crops(e);
    float[][] alone = e.embed(crops);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        runs.add(pool.submit(() -> e.embed(crops)));
      }
      for (Future<float[][]> f : runs) {
        float[][] got = f.get();
        for (int i = 0; i < crops.size(); i++) {
          assertThat(DistanceMetric.COSINE.distance(got[i], alone[i])).isLessThan(1e-5);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
