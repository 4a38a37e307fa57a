package io.deepface.djl;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The detectors only the djl backend offers (TFLite graphs), on real photos. */
class TfLiteDetectorsTest {
  /**
   * The faces of the group photos, counted by eye, as a point inside each (bbt2 has two more heads in the
   * background, turned away and half hidden, which are not counted).
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
    return DjlTestSupport.engine().detector(name);
  }

  private static RgbImage image(java.nio.file.Path file) {
    return DjlTestSupport.image(file);
  }

  private static DetectedFace best(FaceDetector d, RgbImage img) {
    List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
    assertThat(faces).as("faces found by " + d.info().name()).isNotEmpty();
    return faces.get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mediapipe", "mediapipe-short", "mtcnn"})
  void findsTheFaceOfLfwPhotosWithPlausibleGeometry(String name) {
    FaceDetector d = detector(name);
    assertThat(d.info().backend()).isEqualTo("djl");
    for (RgbImage img : List.of(image(TestData.lfw("Aaron_Sorkin", 1)), image(TestData.lfw("Colin_Powell", 198)),
        image(TestData.lfw("Jaromir_Jagr", 1)))) {
      List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
      assertThat(faces).as(name).hasSize(1);
      DetectedFace f = faces.get(0);
      assertThat(f.confidence()).isBetween(d.defaultConfidence(), 1.0);
      // LFW photos are centred on a face about 100 px wide.
      FaceBox b = f.box();
      assertThat(b.center().x()).isBetween(100.0, 150.0);
      assertThat(b.center().y()).isBetween(100.0, 160.0);
      assertThat(b.width()).isBetween(70.0, 150.0);
      assertThat(b.height()).isBetween(70.0, 160.0);
      FaceLandmarks lm = f.landmarks();
      assertThat(lm).isNotNull();
      // Subject-side naming: the person's right eye is on the image's left.
      assertThat(lm.rightEye().x()).isLessThan(lm.leftEye().x());
      assertThat(lm.rightEye().distanceTo(lm.leftEye())).isBetween(0.25 * b.width(), 0.6 * b.width());
      assertThat(Math.max(lm.rightEye().y(), lm.leftEye().y())).isLessThan(lm.nose().y());
      assertThat(lm.nose().x()).isBetween(lm.rightEye().x(), lm.leftEye().x());
      if (name.equals("mtcnn")) {
        assertThat(lm.complete()).isTrue();
        assertThat(lm.mouthRight().x()).isLessThan(lm.mouthLeft().x());
        assertThat(lm.nose().y()).isLessThan(Math.min(lm.mouthRight().y(), lm.mouthLeft().y()));
      } else {
        assertThat(lm.mouthRight()).isNull();
        assertThat(lm.mouthLeft()).isNull();
      }
      for (Point p : points(lm)) {
        assertThat(p.x()).isBetween(b.x(), b.right());
        assertThat(p.y()).isBetween(b.y(), b.bottom());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mediapipe", "mtcnn"})
  void findsEveryFaceOfTheGroupPhotos(String name) {
    FaceDetector d = detector(name);
    GROUP_FACES.forEach((file, expected) -> {
      List<DetectedFace> faces = d.detect(image(TestData.faceapi(file)), d.defaultConfidence());
      assertThat(faces).as(name + " on " + file).hasSize(expected.size());
      assertSortedByConfidence(faces);
      for (Point p : expected) {
        assertThat(faces.stream().filter(f -> contains(f.box(), p)).count())
            .as(name + " on " + file + ": boxes around the face at " + p).isEqualTo(1);
      }
    });
  }

  /**
   * The short-range model is for faces near the camera: it finds the six large faces of bbt4 and none of
   * the small ones in bbt1 (about 100 px in a 1366 px wide photo, 9 px at its 128 px input).
   */
  @Test
  void shortRangeMediaPipeFindsLargeFacesOnly() {
    FaceDetector d = detector("mediapipe-short");
    List<DetectedFace> large = d.detect(image(TestData.faceapi("bbt4.jpg")), d.defaultConfidence());
    assertThat(large).hasSize(6);
    for (Point p : GROUP_FACES.get("bbt4.jpg")) {
      assertThat(large.stream().filter(f -> contains(f.box(), p)).count()).isEqualTo(1);
    }
    assertThat(d.detect(image(TestData.faceapi("bbt1.jpg")), d.defaultConfidence())).isEmpty();
  }

  /** ... and it suits close-ups: one face in each tight 150 px face crop. */
  @ParameterizedTest
  @ValueSource(strings = {"mediapipe-short", "mtcnn"})
  void findsOneFaceInCloseUps(String name) {
    FaceDetector d = detector(name);
    for (int i = 1; i <= 5; i++) {
      assertThat(d.detect(image(TestData.faceapi("sheldon/sheldon" + i + ".png")), d.defaultConfidence()))
          .as(name + " on sheldon" + i).hasSize(1);
    }
  }

  private static RgbImage steadyFace() {
    return image(TestData.lfw("Colin_Powell", 198));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mediapipe", "mediapipe-short", "mtcnn"})
  void mapsBoxesAndLandmarksBackThroughPaddingAndScaling(String name) {
    FaceDetector d = detector(name);
    RgbImage img = steadyFace();
    DetectedFace original = best(d, img);
    int dx = 53;
    int dy = 21;
    RgbImage canvas = TestImages.padded(img, dx, dy);
    double kx = 467.0 / canvas.width();
    double ky = 393.0 / canvas.height();
    RgbImage scaled = ImageOps.resize(canvas, 467, 393);
    assertSameFace(name, best(d, scaled), transform(original, p -> new Point((p.x() + dx) * kx, (p.y() + dy) * ky)));
    RgbImage small = ImageOps.resize(img, 197, 211);
    assertSameFace(name, best(d, small), transform(original, p -> new Point(p.x() * 197 / 250, p.y() * 211 / 250)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mediapipe", "mediapipe-short", "mtcnn"})
  void aMirroredFaceSwapsItsSides(String name) {
    FaceDetector d = detector(name);
    RgbImage img = steadyFace();
    DetectedFace original = best(d, img);
    DetectedFace mirrored = best(d, img.mirrored());
    UnaryOperator<Point> flip = p -> p == null ? null : new Point(img.width() - p.x(), p.y());
    FaceLandmarks o = original.landmarks();
    FaceLandmarks expected = new FaceLandmarks(flip.apply(o.leftEye()), flip.apply(o.rightEye()), flip.apply(o.nose()),
        flip.apply(o.mouthLeft()), flip.apply(o.mouthRight()));
    FaceBox b = original.box();
    assertSameFace(name, mirrored,
        new DetectedFace(new FaceBox(img.width() - b.right(), b.y(), b.width(), b.height()), original.confidence(), expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mediapipe", "mtcnn"})
  void higherThresholdsNeverAddFaces(String name) {
    FaceDetector d = detector(name);
    RgbImage img = image(TestData.faceapi("bbt5.jpg"));
    List<DetectedFace> loose = d.detect(img, 0.3);
    List<DetectedFace> strict = d.detect(img, 0.95);
    assertSortedByConfidence(loose);
    assertThat(loose.size()).isGreaterThanOrEqualTo(strict.size());
    assertThat(strict).allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.95));
    assertThat(d.detect(img, 1.01)).isEmpty();
  }

  /** An image with no face (a flat grey card) gives no detection, whatever its size. */
  @ParameterizedTest
  @ValueSource(strings = {"mediapipe", "mediapipe-short", "mtcnn"})
  void aBlankImageHasNoFace(String name) {
    FaceDetector d = detector(name);
    for (int[] size : new int[][] {{640, 480}, {31, 17}, {2000, 300}}) {
      byte[] grey = new byte[size[0] * size[1] * 3];
      java.util.Arrays.fill(grey, (byte) 128);
      assertThat(d.detect(RgbImage.wrap(size[0], size[1], grey), d.defaultConfidence())).as(name + " " + size[0]).isEmpty();
    }
  }

  static void assertSameFace(String name, DetectedFace actual, DetectedFace expected) {
    assertThat(actual.box().iou(expected.box())).as(name + " box " + actual.box() + " vs " + expected.box())
        .isGreaterThanOrEqualTo(0.85);
    double tolerance = 0.08 * expected.box().width();
    List<Point> a = points(actual.landmarks());
    List<Point> e = points(expected.landmarks());
    assertThat(a).hasSameSizeAs(e);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).distanceTo(e.get(i))).as(name + " landmark " + i + ": " + a.get(i) + " vs " + e.get(i))
          .isLessThan(tolerance);
    }
  }

  private static DetectedFace transform(DetectedFace f, UnaryOperator<Point> t) {
    Point p0 = t.apply(new Point(f.box().x(), f.box().y()));
    Point p1 = t.apply(new Point(f.box().right(), f.box().bottom()));
    FaceLandmarks l = f.landmarks();
    UnaryOperator<Point> n = p -> p == null ? null : t.apply(p);
    return new DetectedFace(new FaceBox(p0.x(), p0.y(), p1.x() - p0.x(), p1.y() - p0.y()), f.confidence(),
        new FaceLandmarks(n.apply(l.rightEye()), n.apply(l.leftEye()), n.apply(l.nose()), n.apply(l.mouthRight()),
            n.apply(l.mouthLeft())));
  }

  static List<Point> points(FaceLandmarks l) {
    return Stream.of(l.rightEye(), l.leftEye(), l.nose(), l.mouthRight(), l.mouthLeft()).filter(Objects::nonNull).toList();
  }

  static boolean contains(FaceBox b, Point p) {
    return p.x() >= b.x() && p.x() <= b.right() && p.y() >= b.y() && p.y() <= b.bottom();
  }

  private static void assertSortedByConfidence(List<DetectedFace> faces) {
    assertThat(faces).isSortedAccordingTo(Comparator.comparingDouble(DetectedFace::confidence).reversed());
  }
}
