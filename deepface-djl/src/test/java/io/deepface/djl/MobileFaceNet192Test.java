package io.deepface.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.VerifyResult;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.FaceEmbedder;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mobilefacenet-192 embedder (expo's MobileFaceNet, TFLite, batch fixed at two) on LFW faces. */
class MobileFaceNet192Test {
  private final FaceEngine engine = TestEngines.shared();
  private final FaceEmbedder embedder = engine.embedder("mobilefacenet-192");
  private final FaceOptions options = FaceOptions.builder().model("mobilefacenet-192").build();

  private RgbImage crop(Path file) {
    RgbImage img = TestEngines.decode(file);
    DetectedFace face = engine.detector("yunet").detect(img, 0.6).get(0);
    return FaceAligner.crop(img, face, embedder.alignment(), options.alignment());
  }

  @Test
  void describesItself() {
    assertThat(embedder.info().backend()).isEqualTo("djl");
    assertThat(embedder.info().models()).containsExactly("expo/MobileFaceNet.tflite");
    assertThat(embedder.dimension()).isEqualTo(192);
    assertThat(embedder.alignment()).isEqualTo(AlignmentSpec.ARCFACE_112);
  }

  /** Each of the two batch slots is computed on its own: a face's vector does not depend on its partner. */
  @Test
  void aFaceGetsTheSameVectorWhateverItIsPairedWith() {
    RgbImage a = crop(TestData.lfw("Colin_Powell", 198));
    RgbImage b = crop(TestData.lfw("Aaron_Sorkin", 1));
    RgbImage c = crop(TestData.lfw("Jaromir_Jagr", 1));
    float[] alone = embedder.embed(List.of(a))[0];
    float[][] abc = embedder.embed(List.of(a, b, c));
    float[][] cba = embedder.embed(List.of(c, b, a));
    assertThat(abc).hasNumberOfRows(3);
    for (float[] v : abc) {
      assertThat(v).hasSize(192);
    }
    assertClose(abc[0], alone);
    assertClose(cba[2], alone);
    assertClose(cba[0], abc[2]);
    assertClose(cba[1], abc[1]);
    assertThat(DistanceMetric.COSINE.distance(abc[0], abc[1])).isGreaterThan(0.5);
    assertThat(embedder.embed(List.of())).isEmpty();
  }

  @Test
  void refusesCropsOfTheWrongSize() {
    RgbImage wrong = RgbImage.wrap(100, 100, new byte[100 * 100 * 3]);
    assertThatThrownBy(() -> embedder.embed(List.of(wrong))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("112x112");
  }

  @Test
  void verifiesLfwPairsWithItsCalibratedThreshold() {
    assertThat(engine.calibration(options).threshold()).isBetween(0.3, 0.9);
    List<LfwPair> fold3 = TestData.lfwPairs().stream().filter(p -> p.fold() == 3).toList();
    List<LfwPair> pairs = List.of(fold3.get(0), fold3.get(1), fold3.get(2), fold3.get(300), fold3.get(301), fold3.get(302));
    for (LfwPair p : pairs) {
      VerifyResult r = engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), options);
      assertThat(r.verified()).as(p.toString()).isEqualTo(p.same());
      assertThat(r.model()).isEqualTo("mobilefacenet-192");
    }
  }

  /** With flip, the face and its mirror share one run; the combined vector stays close to the plain one. */
  @Test
  void flipAugmentationWorks() {
    ImageInput in = ImageInput.of(TestData.lfw("Colin_Powell", 198));
    List<Representation> plain = engine.represent(in, options);
    List<Representation> flipped = engine.represent(in, options.toBuilder().flip(true).build());
    double d = DistanceMetric.COSINE.distance(plain.get(0).embedding(), flipped.get(0).embedding());
    assertThat(d).isGreaterThan(1e-6).isLessThan(0.2);
    LfwPair same = TestData.lfwPairs().stream().filter(p -> p.fold() == 4 && p.same()).findFirst().orElseThrow();
    assertThat(engine.verify(ImageInput.of(same.first()), ImageInput.of(same.second()),
        options.toBuilder().flip(true).build()).verified()).isTrue();
  }

  private static void assertClose(float[] a, float[] b) {
    assertThat(DistanceMetric.COSINE.distance(a, b)).isLessThan(1e-5);
  }
}
