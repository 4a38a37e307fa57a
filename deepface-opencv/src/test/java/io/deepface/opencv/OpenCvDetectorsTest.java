package io.deepface.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.testing.conformance.GroupPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenCV backend's Haar cascade detector ({@code opencv}) on real photos. Its other detectors meet the contract
 * every detector meets ({@link OpenCvConformanceTest}); the cascade is checked here on its own terms (eyes only,
 * frontal faces only).
 */
class OpenCvDetectorsTest {
  private static FaceDetector detector(String name) {
    return TestEngines.shared().detector(name);
  }

  /**
   * The Haar cascade, with DeepFace's settings for its {@code opencv} detector: every face of bbt1 to bbt4 and no
   * false face; in bbt5 it misses the man on the left, whose head is tilted sideways (a frontal cascade only
   * finds upright faces).
   */
  @Test
  void haarCascadeFindsTheFrontalFacesOfTheGroupPhotos() {
    FaceDetector d = detector("opencv");
    GroupPhotos.FACES.forEach((file, expected) -> {
      List<DetectedFace> faces = d.detect(TestEngines.decode(TestData.faceapi(file)), d.defaultConfidence());
      List<Point> found = expected.stream().filter(p -> faces.stream().anyMatch(f -> GroupPhotos.contains(f.box(), p))).toList();
      if (file.equals("bbt5.jpg")) {
        assertThat(found).as(file).hasSize(4).doesNotContain(new Point(149, 214));
      } else {
        assertThat(found).as(file).hasSameSizeAs(expected);
      }
      assertThat(faces).as(file + ": no box without a face").hasSize(found.size());
      assertSorted(faces);
      assertThat(faces).allSatisfy(f -> assertThat(f.confidence()).isBetween(0.3, 1.0));
    });
  }

  @Test
  void haarCascadeFindsTheLfwFaceAndBothEyesOnThePersonsSides() {
    FaceDetector haar = detector("opencv");
    FaceDetector yunet = detector("yunet");
    int withEyes = 0;
    List<String> people = List.of("Aaron_Patterson", "Abdel_Madi_Shabneh", "Abdul_Rahman", "Abdullah", "Abel_Pacheco",
        "Adam_Freier", "Adam_Sandler", "Adrian_Annus", "Afton_Smith", "Agnelo_Queiroz");
    for (String person : people) {
      RgbImage img = TestEngines.decode(TestData.lfw(person, 1));
      List<DetectedFace> faces = haar.detect(img, haar.defaultConfidence());
      DetectedFace f = faces.stream().filter(x -> GroupPhotos.contains(x.box(), new Point(125, 125))).findFirst().orElseThrow();
      assertThat(f.box().width()).as(person).isBetween(80.0, 160.0);
      FaceLandmarks eyes = f.landmarks();
      if (eyes == null) {
        continue;
      }
      withEyes++;
      assertThat(eyes.nose()).isNull();
      assertThat(eyes.mouthRight()).isNull();
      // The person's right eye is on the image's left, and both lie about where YuNet puts them (an eye
      // cascade's box is coarse, often taking in the eyebrow: its centre is within 15% of the face's width).
      assertThat(eyes.rightEye().x()).isLessThan(eyes.leftEye().x());
      FaceLandmarks ref = yunet.detect(img, 0.6).get(0).landmarks();
      double tolerance = 0.15 * f.box().width();
      assertThat(eyes.rightEye().distanceTo(ref.rightEye())).as(person + " right eye").isLessThan(tolerance);
      assertThat(eyes.leftEye().distanceTo(ref.leftEye())).as(person + " left eye").isLessThan(tolerance);
    }
    assertThat(withEyes).as("faces with both eyes found").isGreaterThanOrEqualTo(6);
  }

  @Test
  void haarEyesSwapSidesInAMirroredPhoto() {
    FaceDetector haar = detector("opencv");
    RgbImage img = TestEngines.decode(TestData.lfw("Adam_Sandler", 1));
    FaceLandmarks o = haar.detect(img, 0).get(0).landmarks();
    FaceLandmarks m = haar.detect(img.mirrored(), 0).get(0).landmarks();
    assertThat(o).isNotNull();
    assertThat(m).isNotNull();
    double tol = 4;
    assertThat(m.rightEye().x()).isCloseTo(img.width() - o.leftEye().x(), org.assertj.core.api.Assertions.within(tol));
    assertThat(m.leftEye().x()).isCloseTo(img.width() - o.rightEye().x(), org.assertj.core.api.Assertions.within(tol));
    assertThat(m.rightEye().y()).isCloseTo(o.leftEye().y(), org.assertj.core.api.Assertions.within(tol));
  }

  /**
   * A photo where the cascade finds nothing (a tilted face under a beanie with sunglasses on it) gives an empty list, not an
   * exception: OpenCV returns the level weights of no detection as a 0x1 Mat that MatOfDouble refuses to read.
   */
  @Test
  void haarFindsNothingInAPhotoWithoutAFrontalFaceAndSaysSo() {
    FaceDetector haar = detector("opencv");
    RgbImage img = TestEngines.decode(TestData.lfw("Dale_Earnhardt_Jr_0003.jpg"));
    assertThat(haar.detect(img, 0)).isEmpty();
    assertThat(detector("yunet").detect(img, 0)).isNotEmpty();
  }

  @Test
  void haarScoresFollowTheLevelWeightAndThresholdsOnlyRemoveFaces() {
    assertThat(HaarCascadeDetector.confidence(0)).isZero();
    assertThat(HaarCascadeDetector.confidence(-2)).isZero();
    assertThat(HaarCascadeDetector.confidence(4)).isCloseTo(1 - Math.exp(-1), org.assertj.core.api.Assertions.within(1e-12));
    assertThat(HaarCascadeDetector.confidence(8)).isGreaterThan(HaarCascadeDetector.confidence(4)).isLessThan(1);
    FaceDetector haar = detector("opencv");
    RgbImage img = TestEngines.decode(TestData.faceapi("bbt4.jpg"));
    List<DetectedFace> all = haar.detect(img, 0);
    List<DetectedFace> strict = haar.detect(img, 0.85);
    assertThat(strict.size()).isLessThan(all.size());
    assertThat(strict).allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.85));
    assertThat(all).containsAll(strict);
    assertThat(haar.detect(img, 1.01)).isEmpty();
  }

  /** A photo above the Haar size limit is scaled down for the cascade and the boxes come back in its own pixels. */
  @Test
  void haarMapsBoxesBackFromALargePhoto() {
    FaceDetector haar = detector("opencv");
    RgbImage img = TestEngines.decode(TestData.faceapi("bbt3.jpg"));
    RgbImage big = ImageOps.resize(img, img.width() * 3, img.height() * 3);
    assertThat(Math.max(big.width(), big.height())).isGreaterThan(HaarCascadeDetector.MAX_SIDE);
    List<DetectedFace> small = haar.detect(img, 0);
    List<DetectedFace> large = haar.detect(big, 0);
    assertThat(large).hasSameSizeAs(small);
    for (DetectedFace f : small) {
      FaceBox b = f.box();
      FaceBox expected = new FaceBox(b.x() * 3, b.y() * 3, b.width() * 3, b.height() * 3);
      assertThat(large.stream().mapToDouble(g -> g.box().iou(expected)).max().orElse(0)).isGreaterThan(0.7);
    }
  }

  private static void assertSorted(List<DetectedFace> faces) {
    List<Double> c = new ArrayList<>(faces.stream().map(DetectedFace::confidence).toList());
    List<Double> sorted = new ArrayList<>(c);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertThat(c).isEqualTo(sorted);
  }

  /** FaceDetectorYN's rows are checked before use: OpenCV DNN can return uninitialised memory for a tiny input. */
  @Test
  void onlySoundYuNetRowsBecomeFaces() {
    float[] row = new float[15];
    row[14] = 0.9f;
    assertThat(OpenCvYuNetDetector.sound(row)).isTrue();
    row[3] = Float.NEGATIVE_INFINITY;
    assertThat(OpenCvYuNetDetector.sound(row)).isFalse();
    row[3] = 0;
    row[14] = 1e24f;
    assertThat(OpenCvYuNetDetector.sound(row)).isFalse();
  }
}
