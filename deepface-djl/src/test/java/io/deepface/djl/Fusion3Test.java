package io.deepface.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceEmbedder;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fusion-3: faceplugin-512 and mobilefacenet-128 (DJL's OnnxRuntime) with mobilefacenet-192 (TFLite). */
class Fusion3Test {
  private final FaceEngine engine = TestEngines.shared();

  private RgbImage crop(java.nio.file.Path file) {
    RgbImage img = TestEngines.decode(file);
    DetectedFace face = engine.detector("yunet").detect(img, 0.6).get(0);
    return FaceAligner.crop(img, face, io.deepface.spi.AlignmentSpec.ARCFACE_112, AlignmentMode.LANDMARKS);
  }

  /** Its cosine distance is the mean of its three parts' cosine distances (equal weights). */
  @Test
  void fusesTheThreeEmbeddersWithEqualWeights() {
    FaceEmbedder fused = engine.embedder("fusion-3");
    assertThat(fused.dimension()).isEqualTo(512 + 128 + 192);
    assertThat(fused.info().models()).containsExactly("faceplugin/fr_feature.onnx", "mobilefacenet/mobilefacenet.onnx",
        "expo/MobileFaceNet.tflite");
    List<RgbImage> crops = List.of(crop(TestData.lfw("Colin_Powell", 198)), crop(TestData.lfw("Aaron_Sorkin", 1)));
    float[][] f = fused.embed(crops);
    double mean = 0;
    for (String part : List.of("faceplugin-512", "mobilefacenet-128", "mobilefacenet-192")) {
      float[][] v = engine.embedder(part).embed(crops);
      mean += DistanceMetric.COSINE.distance(v[0], v[1]) / 3;
    }
    assertThat(DistanceMetric.COSINE.distance(f[0], f[1])).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-5));
    double norm = 0;
    for (float x : f[0]) {
      norm += x * x;
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void verifiesLfwPairsWithItsCalibratedThreshold() {
    FaceOptions options = FaceOptions.builder().model("fusion-3").build();
    assertThat(engine.calibration(options).accuracy()).isGreaterThan(0.99);
    List<LfwPair> fold5 = TestData.lfwPairs().stream().filter(p -> p.fold() == 5).toList();
    for (LfwPair p : List.of(fold5.get(0), fold5.get(1), fold5.get(300), fold5.get(301))) {
      assertThat(engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), options).verified())
          .as(p.toString()).isEqualTo(p.same());
    }
  }
}
