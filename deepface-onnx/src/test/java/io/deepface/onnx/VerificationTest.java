package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.VerifyResult;
import io.deepface.align.AlignmentMode;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdNotFoundException;
import io.deepface.verify.ThresholdTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VerificationTest {
  private final FaceEngine engine = TestEngines.shared();
  private final FaceOptions defaults = FaceOptions.defaults();

  /** The first pairs of fold 1 that are labelled same and different. */
  private static List<LfwPair> fold1(boolean same, int n) {
    return TestData.lfwPairs().stream().filter(p -> p.fold() == 1 && p.same() == same).limit(n).toList();
  }

  @Test
  void samePersonIsVerifiedWithTheResultFilledIn() {
    LfwPair p = fold1(true, 1).get(0);
    VerifyResult r = engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), defaults);
    assertThat(r.verified()).isTrue();
    assertThat(r.distance()).isLessThan(r.threshold());
    assertThat(r.threshold()).isEqualTo(engine.calibration(defaults).threshold());
    assertThat(r.confidence()).isGreaterThan(50).isLessThanOrEqualTo(100);
    assertThat(r.model()).isEqualTo("fusion");
    assertThat(r.detector()).isEqualTo("retinaface-yunet");
    assertThat(r.metric()).isEqualTo(DistanceMetric.COSINE);
    assertThat(r.alignment()).isEqualTo(AlignmentMode.LANDMARKS);
    assertThat(r.img1().w()).isBetween(50, 250);
    assertThat(r.img2().leftEye().x()).isGreaterThan(r.img2().rightEye().x());
    assertThat(r.timeSeconds()).isPositive();
  }

  @Test
  void differentPeopleAreNotVerified() {
    LfwPair p = fold1(false, 1).get(0);
    VerifyResult r = engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), defaults);
    assertThat(r.verified()).isFalse();
    assertThat(r.confidence()).isLessThan(50);
  }

  @ParameterizedTest
  @EnumSource(DistanceMetric.class)
  void everyMetricHasACalibratedThresholdThatDecidesRight(DistanceMetric metric) {
    FaceOptions o = defaults.toBuilder().metric(metric).build();
    for (LfwPair p : List.of(fold1(true, 3).get(2), fold1(false, 3).get(2))) {
      VerifyResult r = engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), o);
      assertThat(r.verified()).as(metric + " " + p).isEqualTo(p.same());
      assertThat(r.metric()).isEqualTo(metric);
    }
  }

  @Test
  void mobileFaceNetAlsoDecidesRight() {
    FaceOptions o = defaults.toBuilder().model("mobilefacenet-128").build();
    for (LfwPair p : List.of(fold1(true, 4).get(3), fold1(false, 4).get(3))) {
      assertThat(engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), o).verified()).isEqualTo(p.same());
    }
  }

  @Test
  void precomputedEmbeddingsGiveTheSameAnswer() {
    LfwPair p = fold1(true, 2).get(1);
    float[] a = engine.represent(ImageInput.of(p.first()), defaults).get(0).embedding();
    float[] b = engine.represent(ImageInput.of(p.second()), defaults).get(0).embedding();
    VerifyResult fromVectors = engine.verify(a, b, defaults);
    VerifyResult fromImages = engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), defaults);
    assertThat(fromVectors.distance()).isCloseTo(fromImages.distance(), within(1e-9));
    assertThat(fromVectors.verified()).isEqualTo(fromImages.verified());
    assertThat(fromVectors.img1()).isNull();
    assertThat(fromVectors.detector()).isNull();
  }

  @Test
  void multiFaceImagesAreComparedByTheirClosestPair() {
    // bbt1 (left to right): Raj, Leonard, Howard, Sheldon. bbt5: Raj, Penny, Sheldon, Leonard, Howard.
    // Whatever pair is closest, it must be one person seen twice.
    VerifyResult r = engine.verify(ImageInput.of(TestData.faceapi("bbt1.jpg")), ImageInput.of(TestData.faceapi("bbt5.jpg")),
        defaults);
    assertThat(r.verified()).isTrue();
    String who1 = nameAt(r.img1().x(), new int[] {214, 471, 732, 995}, "Raj", "Leonard", "Howard", "Sheldon");
    String who2 = nameAt(r.img2().x(), new int[] {101, 220, 438, 574, 716}, "Raj", "Penny", "Sheldon", "Leonard", "Howard");
    assertThat(who1).isEqualTo(who2);
  }

  /** The name whose face starts nearest to {@code x}. */
  private static String nameAt(int x, int[] starts, String... names) {
    int best = 0;
    for (int i = 1; i < starts.length; i++) {
      if (Math.abs(starts[i] - x) < Math.abs(starts[best] - x)) {
        best = i;
      }
    }
    assertThat(Math.abs(starts[best] - x)).as("a face starts near x=%d", x).isLessThan(30);
    return names[best];
  }

  @Test
  void everyEmbedderMetricAlignmentAndFlipIsCalibrated() {
    for (String model : List.of("fusion", "faceplugin-512", "mobilefacenet-128")) {
      for (DistanceMetric metric : DistanceMetric.values()) {
        for (AlignmentMode alignment : AlignmentMode.values()) {
          for (boolean flip : new boolean[] {false, true}) {
            assertThat(engine.thresholds().find(model, metric, alignment, flip))
                .as("%s %s %s flip=%s", model, metric, alignment, flip).isPresent();
          }
        }
      }
    }
  }

  @Test
  void uncalibratedSettingNeedsAThreshold() {
    // An engine whose threshold table is empty stands for an embedder nobody calibrated.
    try (FaceEngine bare = FaceEngine.builder().models(TestEngines.repository())
        .thresholds(new ThresholdTable(List.of())).build()) {
      float[] v = {1, 0};
      assertThatThrownBy(() -> bare.verify(v, v, defaults)).isInstanceOf(ThresholdNotFoundException.class)
          .hasMessageContaining("No calibrated threshold").hasMessageContaining("FaceOptions.threshold");
      VerifyResult r = bare.verify(v, new float[] {0.6f, 0.8f}, defaults.toBuilder().threshold(0.5).build());
      assertThat(r.verified()).isTrue();
      assertThat(r.threshold()).isEqualTo(0.5);
      assertThat(r.confidence()).isGreaterThan(50);
    }
  }

  @Test
  void eightThreadsGiveExactlyTheSingleThreadResults() throws Exception {
    List<LfwPair> pairs = new ArrayList<>(fold1(true, 6));
    pairs.addAll(fold1(false, 6));
    List<VerifyResult> single = new ArrayList<>();
    for (LfwPair p : pairs) {
      single.add(engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), defaults));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<VerifyResult>> futures = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (LfwPair p : pairs) {
          futures.add(pool.submit((Callable<VerifyResult>) () ->
              engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), defaults)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        VerifyResult expected = single.get(i % pairs.size());
        VerifyResult actual = futures.get(i).get();
        assertThat(actual.distance()).isEqualTo(expected.distance());
        assertThat(actual.verified()).isEqualTo(expected.verified());
        assertThat(actual.img1()).isEqualTo(expected.img1());
        assertThat(actual.img2()).isEqualTo(expected.img2());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void representationsOfOneImageAreStable() {
    ImageInput img = ImageInput.of(TestData.lfw("Aaron_Sorkin", 1));
    Representation a = engine.represent(img, defaults).get(0);
    Representation b = engine.represent(img, defaults).get(0);
    assertThat(a.embedding()).isEqualTo(b.embedding());
    assertThat(a.facialArea()).isEqualTo(b.facialArea());
  }
}
