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
import io.deepface.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every detector of the OpenCV backend on real photos: its own two and the standard ones it runs in OpenCV DNN. */
class OpenCvDetectorsTest {
  /**
   * The faces of the group photos, counted by eye, as a point inside each (the same list as the ONNX module's
   * detector test; bbt2 has two more heads in the background, turned away, which are not counted).
   */
  static final Map<String, List<Point>> GROUP_FACES = Map.of(
      "bbt1.jpg", List.of(new Point(262, 195), new Point(521, 207), new Point(776, 198), new Point(1047, 143)),
      "bbt2.jpg", List.of(new Point(27, 126), new Point(136, 174), new Point(419, 173)),
      "bbt3.jpg", List.of(new Point(64, 64), new Point(180, 120), new Point(281, 130), new Point(393, 143),
          new Point(518, 134)),
      "bbt4.jpg", List.of(new Point(126, 79), new Point(278, 98), new Point(618, 120), new Point(102, 316),
          new Point(299, 287), new Point(512, 237)),
      "bbt5.jpg", List.of(new Point(149, 214), new Point(258, 83), new Point(480, 205), new Point(614, 97),
          new Point(761, 160)));

  private static FaceDetector detector(String name) {
    return OpenCvTestSupport.engine().detector(name);
  }

  private static RgbImage face() {
    return OpenCvTestSupport.lfw("Colin_Powell", 198);
  }

  static boolean contains(FaceBox b, Point p) {
    return p.x() >= b.x() && p.x() <= b.right() && p.y() >= b.y() && p.y() <= b.bottom();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface"})
  void findsTheFaceOfLfwPhotosWithFivePointsInPlace(String name) {
    FaceDetector d = detector(name);
    for (RgbImage img : List.of(OpenCvTestSupport.lfw("Aaron_Sorkin", 1), face())) {
      List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
      assertThat(faces).as(name).hasSize(1);
      DetectedFace f = faces.get(0);
      assertThat(f.confidence()).isBetween(Math.max(0.6, d.defaultConfidence()), 1.0);
      FaceBox b = f.box();
      assertThat(b.center().x()).isBetween(100.0, 150.0);
      assertThat(b.center().y()).isBetween(100.0, 160.0);
      assertThat(b.width()).isBetween(70.0, 150.0);
      FaceLandmarks lm = f.landmarks();
      assertThat(lm.complete()).isTrue();
      assertThat(lm.rightEye().x()).isLessThan(lm.leftEye().x());
      assertThat(lm.mouthRight().x()).isLessThan(lm.mouthLeft().x());
      assertThat(Math.max(lm.rightEye().y(), lm.leftEye().y())).isLessThan(lm.nose().y());
      assertThat(lm.nose().y()).isLessThan(Math.min(lm.mouthRight().y(), lm.mouthLeft().y()));
      for (Point p : lm.asList()) {
        assertThat(contains(b, p)).as(name + " point " + p + " in " + b).isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface"})
  void findsEveryFaceOfTheGroupPhotos(String name) {
    FaceDetector d = detector(name);
    GROUP_FACES.forEach((file, expected) -> {
      List<DetectedFace> faces = d.detect(OpenCvTestSupport.image(TestData.faceapi(file)), d.defaultConfidence());
      assertThat(faces).as(name + " on " + file).hasSize(expected.size());
      assertSorted(faces);
      for (Point p : expected) {
        assertThat(faces.stream().filter(f -> contains(f.box(), p)).count()).as(name + " " + file + " " + p).isEqualTo(1);
      }
    });
  }

  /**
   * The Haar cascade, with DeepFace's settings for its {@code opencv} detector: every face of bbt1 to bbt4 and no
   * false face; in bbt5 it misses the man on the left, whose head is tilted sideways (a frontal cascade only
   * finds upright faces).
   */
  @Test
  void haarCascadeFindsTheFrontalFacesOfTheGroupPhotos() {
    FaceDetector d = detector("opencv");
    GROUP_FACES.forEach((file, expected) -> {
      List<DetectedFace> faces = d.detect(OpenCvTestSupport.image(TestData.faceapi(file)), d.defaultConfidence());
      List<Point> found = expected.stream().filter(p -> faces.stream().anyMatch(f -> contains(f.box(), p))).toList();
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
      RgbImage img = OpenCvTestSupport.lfw(person, 1);
      List<DetectedFace> faces = haar.detect(img, haar.defaultConfidence());
      DetectedFace f = faces.stream().filter(x -> contains(x.box(), new Point(125, 125))).findFirst().orElseThrow();
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
    RgbImage img = OpenCvTestSupport.lfw("Adam_Sandler", 1);
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
    RgbImage img = OpenCvTestSupport.lfw("Dale_Earnhardt_Jr_0003.jpg");
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
    RgbImage img = OpenCvTestSupport.image(TestData.faceapi("bbt4.jpg"));
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
    RgbImage img = OpenCvTestSupport.image(TestData.faceapi("bbt3.jpg"));
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

  /** Boxes and points map back through padding and scaling (the same check as the ONNX module's detectors). */
  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface"})
  void mapsBoxesAndLandmarksBackThroughPaddingAndScaling(String name) {
    FaceDetector d = detector(name);
    RgbImage img = face();
    DetectedFace original = d.detect(img, d.defaultConfidence()).get(0);
    RgbImage scaled = ImageOps.resize(TestImages.padded(img, 53, 21), 467, 393);
    double kx = 467.0 / (img.width() + 106);
    double ky = 393.0 / (img.height() + 42);
    DetectedFace moved = d.detect(scaled, d.defaultConfidence()).get(0);
    FaceBox b = original.box();
    FaceBox expected = new FaceBox((b.x() + 53) * kx, (b.y() + 21) * ky, b.width() * kx, b.height() * ky);
    assertThat(moved.box().iou(expected)).as(name).isGreaterThan(0.85);
    Point re = original.landmarks().rightEye();
    Point expectedEye = new Point((re.x() + 53) * kx, (re.y() + 21) * ky);
    assertThat(moved.landmarks().rightEye().distanceTo(expectedEye)).isLessThan(0.08 * expected.width());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface"})
  void aMirroredFaceSwapsItsSides(String name) {
    FaceDetector d = detector(name);
    RgbImage img = face();
    DetectedFace o = d.detect(img, d.defaultConfidence()).get(0);
    DetectedFace m = d.detect(img.mirrored(), d.defaultConfidence()).get(0);
    FaceBox b = o.box();
    assertThat(m.box().iou(new FaceBox(img.width() - b.right(), b.y(), b.width(), b.height()))).isGreaterThan(0.85);
    double tol = 0.08 * b.width();
    assertThat(m.landmarks().rightEye().distanceTo(new Point(img.width() - o.landmarks().leftEye().x(),
        o.landmarks().leftEye().y()))).isLessThan(tol);
    assertThat(m.landmarks().mouthLeft().distanceTo(new Point(img.width() - o.landmarks().mouthRight().x(),
        o.landmarks().mouthRight().y()))).isLessThan(tol);
  }

  @Test
  void yunetThresholdsOnlyRemoveFaces() {
    FaceDetector d = detector("yunet");
    RgbImage img = OpenCvTestSupport.image(TestData.faceapi("bbt1.jpg"));
    List<DetectedFace> loose = d.detect(img, 0.3);
    List<DetectedFace> strict = d.detect(img, 0.9);
    assertSorted(loose);
    assertThat(loose.size()).isGreaterThanOrEqualTo(strict.size());
    assertThat(strict).allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.9));
    assertThat(d.detect(img, 1.01)).isEmpty();
  }

  private static void assertSorted(List<DetectedFace> faces) {
    List<Double> c = new ArrayList<>(faces.stream().map(DetectedFace::confidence).toList());
    List<Double> sorted = new ArrayList<>(c);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertThat(c).isEqualTo(sorted);
  }
}
