package io.deepface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.image.ImageInput;
import io.deepface.image.InvalidImageException;
import io.deepface.image.RgbImage;
import io.deepface.spi.BackendRegistry;
import io.deepface.testing.StubBackend;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdNotFoundException;
import io.deepface.verify.ThresholdProfile;
import io.deepface.verify.ThresholdProfileException;
import io.deepface.verify.ThresholdTable;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FaceEngine}'s own rules, with a stub backend: fast and model-free. Real models are tested in the backend
 * modules; here only what the engine decides is checked.
 */
class FaceEngineRulesTest {
  private final StubBackend stub = new StubBackend();
  private final FaceEngine engine = FaceEngine.builder().registry(BackendRegistry.of(List.of(stub)))
      .models(TestEngines.repository()).thresholds(new ThresholdTable(List.of())).build();
  private final FaceOptions options = FaceOptions.builder().detector("stub").model("stub").threshold(10).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static ImageInput input(RgbImage img, String name) {
    return ImageInput.of(img, name);
  }

  @Test
  void maxFacesKeepsTheLargestInTheDetectorsOrder() {
    stub.faces = img -> List.of(StubBackend.face(0, 0, 10, 10, 0.9), StubBackend.face(20, 20, 60, 60, 0.8),
        StubBackend.face(100, 0, 30, 30, 0.7));
    RgbImage img = StubBackend.plain(200, 100, 128, 128, 128);
    List<DetectedFace> two = engine.detectFaces(input(img, "group"), options.toBuilder().maxFaces(2).build());
    assertThat(two).extracting(DetectedFace::confidence).containsExactly(0.8, 0.7);
    assertThat(engine.detectFaces(input(img, "group"), options)).hasSize(3);
  }

  @Test
  void boxesGrowByTheExpansionAndAreClampedToTheImage() {
    stub.faces = img -> List.of(StubBackend.face(5, 5, 20, 20, 0.9), StubBackend.face(500, 500, 20, 20, 0.9));
    RgbImage img = StubBackend.plain(50, 40, 128, 128, 128);
    List<DetectedFace> faces = engine.detectFaces(input(img, "img"), options.toBuilder().expandPercentage(100).build());
    // 20 px grown by 100% is 40 px about the same centre: (-5, -5) to (35, 35), clamped at the top left; the box
    // entirely outside the image is dropped.
    assertThat(faces).singleElement().extracting(DetectedFace::box).isEqualTo(new FaceBox(0, 0, 35, 35));
  }

  @Test
  void withoutAFaceTheWholeImageIsTheFaceUnlessDetectionIsEnforced() {
    RgbImage img = StubBackend.plain(64, 48, 128, 128, 128);
    List<DetectedFace> whole = engine.detectFaces(input(img, "empty room"), options.toBuilder().enforceDetection(false)
        .build());
    assertThat(whole).singleElement().satisfies(f -> {
      assertThat(f.box()).isEqualTo(new FaceBox(0, 0, 64, 48));
      assertThat(f.confidence()).isZero();
      assertThat(f.landmarks()).isNull();
    });
    assertThatThrownBy(() -> engine.detectFaces(input(img, "empty room"), options))
        .isInstanceOf(FaceNotDetectedException.class).hasMessageContaining("empty room").hasMessageContaining("stub")
        .hasMessageContaining("enforceDetection(false)");
  }

  @Test
  void theDetectorsOwnMinimumConfidenceAppliesUnlessTheOptionsSetOne() {
    stub.faces = img -> List.of(StubBackend.face(5, 5, 20, 20, 0.9));
    RgbImage img = StubBackend.plain(50, 40, 128, 128, 128);
    engine.detectFaces(input(img, "a"), options);
    engine.detectFaces(input(img, "b"), options.toBuilder().minConfidence(0.25).build());
    assertThat(stub.minConfidences).containsExactly(StubBackend.DEFAULT_CONFIDENCE, 0.25);
  }

  @Test
  void verifyReportsTheClosestPairOfFacesAcrossTheTwoImages() {
    // Image 1: a red face and a blue one; image 2: a green face and a blue one. The blue pair is the closest.
    RgbImage one = StubBackend.paint(StubBackend.paint(StubBackend.plain(200, 100, 0, 0, 0), 10, 10, 60, 60, 250, 0, 0),
        110, 10, 60, 60, 0, 0, 250);
    RgbImage two = StubBackend.paint(StubBackend.paint(StubBackend.plain(201, 100, 0, 0, 0), 10, 10, 60, 60, 0, 250, 0),
        110, 10, 60, 60, 0, 0, 240);
    stub.faces = img -> List.of(StubBackend.face(10, 10, 60, 60, 0.9), StubBackend.face(110, 10, 60, 60, 0.8));
    FaceOptions euclidean = options.toBuilder().metric(DistanceMetric.EUCLIDEAN).threshold(20).build();
    VerifyResult r = engine.verify(input(one, "one"), input(two, "two"), euclidean);
    assertThat(r.img1().x()).isEqualTo(110);
    assertThat(r.img2().x()).isEqualTo(110);
    assertThat(r.distance()).isCloseTo(10, within(1.0));
    assertThat(r.verified()).isTrue();
    assertThat(r.threshold()).isEqualTo(20);
    assertThat(r.confidence()).isGreaterThan(50);
  }

  @Test
  void aMissingThresholdFailsBeforeAnyImageIsRead() {
    stub.faces = img -> List.of(StubBackend.face(5, 5, 20, 20, 0.9));
    RgbImage img = StubBackend.plain(50, 40, 128, 128, 128);
    assertThatThrownBy(() -> engine.verify(input(img, "a"), input(img, "b"), options.toBuilder().calibratedThreshold()
        .build())).isInstanceOf(ThresholdNotFoundException.class).hasMessageContaining("stub");
    assertThat(stub.detections).hasValue(0);
    ThresholdTable.Entry own = engine.calibration(options);
    assertThat(own.threshold()).isEqualTo(10);
    assertThat(own.scale()).isCloseTo(0.46, within(1e-9));
  }

  @Test
  void aThresholdProfileDecidesVerifyWhenItWasMadeWithTheSameSettings() {
    RgbImage one = StubBackend.paint(StubBackend.plain(100, 100, 0, 0, 0), 10, 10, 60, 60, 0, 0, 250);
    RgbImage two = StubBackend.paint(StubBackend.plain(100, 100, 0, 0, 0), 10, 10, 60, 60, 0, 0, 240);
    stub.faces = img -> List.of(StubBackend.face(10, 10, 60, 60, 0.9));
    FaceOptions base = options.toBuilder().metric(DistanceMetric.EUCLIDEAN).calibratedThreshold().build();
    double distance = engine.verify(input(one, "one"), input(two, "two"), base.toBuilder().threshold(1000).build())
        .distance();
    ThresholdProfile loose = new ThresholdProfile("stub", "stub", base.alignment(), false, List.of(
        new ThresholdProfile.Entry(DistanceMetric.EUCLIDEAN, distance * 2, 0.5, "best accuracy", 0.99, 0.01)), "test");
    ThresholdProfile strict = loose.with(loose.entries().get(0).withThreshold(distance / 2, "FAR 1e-04"));
    VerifyResult accepted = engine.verify(input(one, "one"), input(two, "two"),
        base.toBuilder().thresholdProfile(loose).build());
    assertThat(accepted.verified()).isTrue();
    assertThat(accepted.threshold()).isEqualTo(distance * 2);
    VerifyResult refused = engine.verify(input(one, "one"), input(two, "two"),
        base.toBuilder().thresholdProfile(strict).build());
    assertThat(refused.verified()).isFalse();
    assertThat(refused.threshold()).isEqualTo(distance / 2);
    // The caller's own threshold still wins over the profile.
    assertThat(engine.calibration(base.toBuilder().thresholdProfile(strict).threshold(7).build()).threshold())
        .isEqualTo(7);
    assertThat(engine.calibration(base.toBuilder().thresholdProfile(strict).build()).scale()).isEqualTo(0.5);
  }

  @Test
  void aThresholdProfileMadeWithOtherSettingsOrWithoutTheMetricIsRefused() {
    ThresholdProfile profile = new ThresholdProfile("stub", "stub", options.alignment(), false, List.of(
        new ThresholdProfile.Entry(DistanceMetric.COSINE, 0.4, 10, "best accuracy", 0.99, 0.01)), "test");
    FaceOptions withProfile = options.toBuilder().calibratedThreshold().thresholdProfile(profile).build();
    assertThat(engine.calibration(withProfile).threshold()).isEqualTo(0.4);
    assertThatThrownBy(() -> engine.calibration(withProfile.toBuilder().flip(true).build()))
        .isInstanceOf(ThresholdProfileException.class).hasMessageContaining("calibrated for model stub")
        .hasMessageContaining("flip");
    assertThatThrownBy(() -> engine.calibration(withProfile.toBuilder().metric(DistanceMetric.ANGULAR).build()))
        .isInstanceOf(ThresholdProfileException.class).hasMessageContaining("no threshold for metric angular");
    assertThat(withProfile.toString()).contains("thresholdProfile=model stub");
    assertThat(withProfile.toBuilder().build()).isEqualTo(withProfile);
    assertThat(withProfile.toBuilder().thresholdProfile((ThresholdProfile) null).build().thresholdProfile()).isEmpty();
  }

  @Test
  void antiSpoofingChecksEveryFaceBeforeEmbeddingAndStopsAtTheFirstFake() {
    // A bright face first, then a dark (fake, for the stub) one.
    RgbImage img = StubBackend.paint(StubBackend.paint(StubBackend.plain(200, 100, 0, 0, 0), 10, 10, 60, 60, 200, 200,
        200), 110, 10, 60, 60, 10, 10, 10);
    stub.faces = i -> List.of(StubBackend.face(10, 10, 60, 60, 0.9), StubBackend.face(110, 10, 60, 60, 0.8));
    FaceOptions spoofing = options.toBuilder().antiSpoofing(true).build();
    assertThatThrownBy(() -> engine.represent(input(img, "printout"), spoofing))
        .isInstanceOfSatisfying(SpoofDetectedException.class, e -> {
          assertThat(e.input()).isEqualTo("printout");
          assertThat(e.region().x()).isEqualTo(110);
        });
    assertThat(stub.embedCalls).hasValue(0);
    assertThat(stub.predictions.get("minifasnet")).hasValue(2);
    assertThat(engine.represent(input(img, "printout"), options)).hasSize(2);
  }

  @Test
  void analyzeRunsEachModelOncePerFaceAndReusesTheAntiSpoofingCheck() {
    RgbImage img = StubBackend.paint(StubBackend.paint(StubBackend.plain(200, 100, 0, 0, 0), 10, 10, 60, 60, 200, 200,
        200), 110, 10, 60, 60, 100, 100, 100);
    stub.faces = i -> List.of(StubBackend.face(10, 10, 60, 60, 0.9), StubBackend.face(110, 10, 60, 60, 0.8));
    AnalyzeOptions actions = AnalyzeOptions.builder()
        .actions(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.SPOOF).model(FaceAttribute.AGE, "stub-age-gender").model(FaceAttribute.GENDER, "stub-age-gender").build();
    List<FaceAnalysis> faces = engine.analyze(input(img, "two people"), actions, options.toBuilder().antiSpoofing(true)
        .build());
    assertThat(faces).hasSize(2);
    assertThat(faces.get(0).age().years()).isCloseTo(50, within(1e-9));
    assertThat(faces.get(1).age().years()).isCloseTo(25, within(1e-9));
    assertThat(faces).allSatisfy(f -> assertThat(f.antiSpoof().isReal()).isTrue());
    // One age-and-gender call per face for both actions; the anti-spoofing check's results answer the spoof action.
    assertThat(stub.predictions).containsOnlyKeys("stub-age-gender", "minifasnet");
    assertThat(stub.predictions.get("stub-age-gender")).hasValue(2);
    assertThat(stub.predictions.get("minifasnet")).hasValue(2);
  }

  @Test
  void aBatchEmbedsAllItsFacesInOneCallAndKeepsEachImagesError() {
    stub.faces = img -> img.width() == 77 ? List.of() : List.of(StubBackend.face(5, 5, 20, 20, 0.9),
        StubBackend.face(30, 5, 20, 20, 0.9));
    RgbImage faces = StubBackend.plain(60, 40, 128, 128, 128);
    RgbImage none = StubBackend.plain(77, 40, 128, 128, 128);
    List<RepresentedImage> batch = engine.represent(List.of(input(faces, "a"), input(none, "b"),
        ImageInput.of(new byte[] {1, 2, 3}, "c"), input(faces, "d")), options.toBuilder().flip(true).build());
    assertThat(batch).extracting(r -> r.faces().size()).containsExactly(2, 0, 0, 2);
    assertThat(batch.get(1).error()).isInstanceOf(FaceNotDetectedException.class);
    assertThat(batch.get(2).error()).isInstanceOf(InvalidImageException.class);
    // One embedder call for the four faces and their mirror images.
    assertThat(stub.embedCalls).hasValue(1);
    assertThat(stub.embeddedFaces).hasValue(8);
    assertThat(engine.dimension(options)).isEqualTo(3);
  }

  @Test
  void closingTheEngineClosesItsComponentsAndRefusesLaterCalls() {
    stub.faces = img -> List.of(StubBackend.face(5, 5, 20, 20, 0.9));
    engine.represent(input(StubBackend.plain(50, 40, 128, 128, 128), "a"), options);
    engine.close();
    assertThat(stub.closed).containsExactlyInAnyOrder("detector stub", "embedder stub");
    assertThatThrownBy(() -> engine.detector("stub")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void unknownComponentsAreNamedWithWhatExists() {
    assertThatThrownBy(() -> engine.represent(input(StubBackend.plain(8, 8, 0, 0, 0), "a"),
        options.toBuilder().model("nope").build())).isInstanceOf(DeepFaceException.class)
        .hasMessageContaining("nope").hasMessageContaining("stub");
  }
}
