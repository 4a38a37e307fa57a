package io.deepface.benchmarks.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestData;
import io.deepface.testing.TestData.LfwPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verification of 100 lfw-dev pairs (the first 50 same-person and 50 different-person pairs of fold 1) on each
 * backend with the same detector and embedder models: every decision agrees.
 */
class VerificationParityTest {
  static List<LfwPair> pairs() {
    List<LfwPair> fold1 = TestData.lfwPairs().stream().filter(p -> p.fold() == 1).toList();
    List<LfwPair> pairs = new ArrayList<>(fold1.stream().filter(LfwPair::same).limit(50).toList());
    pairs.addAll(fold1.stream().filter(p -> !p.same()).limit(50).toList());
    return pairs;
  }

  /** One embedding per image (the largest face), each image computed once. */
  static Map<Path, float[]> embeddings(FaceEngine engine, List<LfwPair> pairs, FaceOptions o) {
    Map<Path, float[]> out = new HashMap<>();
    for (LfwPair p : pairs) {
      for (Path img : List.of(p.first(), p.second())) {
        out.computeIfAbsent(img, i -> engine.represent(ImageInput.of(i), o).get(0).embedding());
      }
    }
    return out;
  }

  static List<String> backends() {
    return Backends.others();
  }

  @ParameterizedTest(name = "onnx vs {0}")
  @MethodSource("backends")
  void decisionsOnOneHundredLfwPairsAgree(String backend) {
    List<LfwPair> pairs = pairs();
    assertThat(pairs).hasSize(100);
    // retinaface: a detector ONNX and OpenCV run from the same file (their "yunet" are different YuNet models).
    FaceOptions o = FaceOptions.builder().detector("retinaface").model("mobilefacenet-128").maxFaces(1).build();
    FaceEngine onnx = Backends.engine("onnx");
    FaceEngine opencv = Backends.engine(backend);
    Map<Path, float[]> a = embeddings(onnx, pairs, o);
    Map<Path, float[]> b = embeddings(opencv, pairs, o);
    int agree = 0;
    int rightOnnx = 0;
    int rightOpencv = 0;
    double maxDistanceGap = 0;
    for (LfwPair p : pairs) {
      var ra = onnx.verify(a.get(p.first()), a.get(p.second()), o);
      var rb = opencv.verify(b.get(p.first()), b.get(p.second()), o);
      maxDistanceGap = Math.max(maxDistanceGap, Math.abs(ra.distance() - rb.distance()));
      if (ra.verified() == rb.verified()) {
        agree++;
      }
      rightOnnx += ra.verified() == p.same() ? 1 : 0;
      rightOpencv += rb.verified() == p.same() ? 1 : 0;
    }
    System.out.printf("parity verification on %d lfw-dev pairs (retinaface + mobilefacenet-128): %d decisions agree;"
        + " right: onnx %d, %s %d; largest cosine-distance gap %.2g%n", pairs.size(), agree, rightOnnx, backend,
        rightOpencv, maxDistanceGap);
    assertThat(agree).isEqualTo(pairs.size());
    assertThat(maxDistanceGap).isLessThan(1e-3);
  }

  /**
   * Each backend's own {@code yunet} (for OpenCV another YuNet model, through FaceDetectorYN) with the same
   * embedder: a measurement of how much the detector model alone moves decisions.
   */
  @Test
  void decisionsWithEachBackendsOwnYunetAlmostAllAgree() {
    List<LfwPair> pairs = pairs();
    FaceOptions o = FaceOptions.builder().detector("yunet").model("mobilefacenet-128").maxFaces(1).build();
    FaceEngine onnx = Backends.engine("onnx");
    FaceEngine opencv = Backends.engine("opencv");
    Map<Path, float[]> a = embeddings(onnx, pairs, o);
    Map<Path, float[]> b = embeddings(opencv, pairs, o);
    int agree = 0;
    for (LfwPair p : pairs) {
      if (onnx.verify(a.get(p.first()), a.get(p.second()), o).verified()
          == opencv.verify(b.get(p.first()), b.get(p.second()), o).verified()) {
        agree++;
      }
    }
    System.out.printf("verification with each backend's own yunet (mobilefacenet-128): %d of %d decisions agree%n", agree,
        pairs.size());
    assertThat(agree).isGreaterThanOrEqualTo(97);
  }
}
