package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every standard detector on real photos, through ONNX Runtime. */
class FaceDetectorsTest {
  /**
   * The faces of the group photos, counted by eye, as a point inside each (bbt2 has two more heads in the
   * background, turned away and half hidden, which no detector finds and which are not counted).
   */
  private static final Map<String, List<Point>> GROUP_FACES = Map.of(
      "bbt1.jpg", List.of(new Point(262, 195), new Point(521, 207), new Point(776, 198), new Point(1047, 143)),
      "bbt2.jpg", List.of(new Point(27, 126), new Point(136, 174), new Point(419, 173)),
      "bbt3.jpg", List.of(new Point(64, 64), new Point(180, 120), new Point(281, 130), new Point(393, 143),
          new Point(518, 134)),
      "bbt4.jpg", List.of(new Point(126, 79), new Point(278, 98), new Point(618, 120), new Point(102, 316),
          new Point(299, 287), new Point(512, 237)),
      "bbt5.jpg", List.of(new Point(149, 214), new Point(258, 83), new Point(480, 205), new Point(614, 97),
          new Point(761, 160)));

  private static FaceDetector detector(String name) {
    return OnnxTestSupport.engine().detector(name);
  }

  private static RgbImage image(java.nio.file.Path file) {
    return OnnxTestSupport.engine().decode(ImageInput.of(file));
  }

  private static DetectedFace best(FaceDetector d, RgbImage img) {
    List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
    assertThat(faces).as("faces found by " + d.info().name()).isNotEmpty();
    return faces.get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface", "blazeface", "blazeface-front"})
  void findsTheFaceOfLfwPhotosWithPlausibleGeometry(String name) {
    FaceDetector d = detector(name);
    for (RgbImage img : List.of(image(TestData.lfw("Aaron_Sorkin", 1)), image(TestData.lfw("Colin_Powell", 198)))) {
      List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
      assertThat(faces).hasSize(1);
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
      assertThat(lm.nose()).isNotNull();
      assertThat(Math.max(lm.rightEye().y(), lm.leftEye().y())).isLessThan(lm.nose().y());
      assertThat(lm.nose().x()).isBetween(lm.rightEye().x(), lm.leftEye().x());
      if (name.startsWith("blazeface")) {
        assertThat(lm.mouthRight()).isNull();
        assertThat(lm.mouthLeft()).isNull();
      } else {
        assertThat(lm.complete()).isTrue();
        assertThat(lm.mouthRight().x()).isLessThan(lm.mouthLeft().x());
        assertThat(lm.nose().y()).isLessThan(Math.min(lm.mouthRight().y(), lm.mouthLeft().y()));
      }
      for (Point p : points(lm)) {
        assertThat(p.x()).isBetween(b.x(), b.right());
        assertThat(p.y()).isBetween(b.y(), b.bottom());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface", "blazeface"})
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
   * The short-range model is meant for faces near the camera: it finds the six large faces of bbt4 and
   * none of the small ones in bbt1 (about 100 px in a 1366 px wide photo, 9 px at its 128 px input).
   */
  @Test
  void shortRangeBlazeFaceFindsLargeFacesOnly() {
    FaceDetector d = detector("blazeface-front");
    List<DetectedFace> large = d.detect(image(TestData.faceapi("bbt4.jpg")), d.defaultConfidence());
    assertThat(large).hasSize(6);
    for (Point p : GROUP_FACES.get("bbt4.jpg")) {
      assertThat(large.stream().filter(f -> contains(f.box(), p)).count()).isEqualTo(1);
    }
    assertThat(d.detect(image(TestData.faceapi("bbt1.jpg")), d.defaultConfidence())).isEmpty();
  }

  /** ... and it suits close-ups: one face in each tight 150 px face crop, where the long-range model adds parts of faces. */
  @Test
  void shortRangeBlazeFaceFindsOneFaceInCloseUps() {
    FaceDetector d = detector("blazeface-front");
    for (int i = 1; i <= 5; i++) {
      assertThat(d.detect(image(TestData.faceapi("sheldon/sheldon" + i + ".png")), d.defaultConfidence()))
          .as("sheldon" + i).hasSize(1);
    }
  }

  /**
   * A frontal LFW face on which every detector is steady under resampling. Detectors are not exactly
   * equivariant: over 40 LFW faces, resampling alone moved their boxes by up to 0.12 IoU and their points
   * by up to 10% of the face's width, so the tolerances below hold on a steady face; a mapping bug (a
   * forgotten offset, padding or scale) moves boxes far more than that.
   */
  private static RgbImage steadyFace() {
    return image(TestData.lfw("Colin_Powell", 198));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface", "blazeface", "blazeface-front"})
  void mapsBoxesAndLandmarksBackThroughPaddingAndScaling(String name) {
    FaceDetector d = detector(name);
    RgbImage img = steadyFace();
    DetectedFace original = best(d, img);
    // Pad into a wider grey canvas at an offset, then scale by a non-integer factor.
    int dx = 53;
    int dy = 21;
    RgbImage canvas = padded(img, 341, 287, dx, dy);
    RgbImage scaled = ImageOps.resize(canvas, 467, 393);
    double kx = 467.0 / 341;
    double ky = 393.0 / 287;
    DetectedFace moved = best(d, scaled);
    assertSameFace(name, moved, transform(original, p -> new Point((p.x() + dx) * kx, (p.y() + dy) * ky)));
    // A scaled-down copy exercises the other direction.
    RgbImage small = ImageOps.resize(img, 197, 211);
    assertSameFace(name, best(d, small),
        transform(original, p -> new Point(p.x() * 197 / 250, p.y() * 211 / 250)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "ultraface", "blazeface", "blazeface-front"})
  void aMirroredFaceSwapsItsSides(String name) {
    FaceDetector d = detector(name);
    RgbImage img = steadyFace();
    DetectedFace original = best(d, img);
    DetectedFace mirrored = best(d, img.mirrored());
    UnaryOperator<Point> flip = p -> p == null ? null : new Point(img.width() - p.x(), p.y());
    FaceLandmarks o = original.landmarks();
    // The subject's right eye of the mirrored face is the mirror image of the original's left eye.
    FaceLandmarks expected = new FaceLandmarks(flip.apply(o.leftEye()), flip.apply(o.rightEye()), flip.apply(o.nose()),
        flip.apply(o.mouthLeft()), flip.apply(o.mouthRight()));
    FaceBox b = original.box();
    assertSameFace(name, mirrored,
        new DetectedFace(new FaceBox(img.width() - b.right(), b.y(), b.width(), b.height()), original.confidence(), expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"retinaface", "ultraface", "blazeface"})
  void higherThresholdsNeverAddFaces(String name) {
    FaceDetector d = detector(name);
    RgbImage img = image(TestData.faceapi("bbt1.jpg"));
    List<DetectedFace> loose = d.detect(img, 0.3);
    List<DetectedFace> strict = d.detect(img, 0.95);
    assertSortedByConfidence(loose);
    assertThat(loose.size()).isGreaterThanOrEqualTo(strict.size());
    assertThat(strict).allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.95));
    assertThat(d.detect(img, 1.01)).isEmpty();
  }

  private static void assertSameFace(String name, DetectedFace actual, DetectedFace expected) {
    assertThat(actual.box().iou(expected.box())).as(name + " box " + actual.box() + " vs " + expected.box())
        .isGreaterThanOrEqualTo(0.9);
    // "A few pixels": 8% of the face's size (8 px for a 100 px face).
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

  private static List<Point> points(FaceLandmarks l) {
    return java.util.stream.Stream.of(l.rightEye(), l.leftEye(), l.nose(), l.mouthRight(), l.mouthLeft())
        .filter(java.util.Objects::nonNull).toList();
  }

  private static RgbImage padded(RgbImage img, int w, int h, int dx, int dy) {
    byte[] out = new byte[w * h * 3];
    java.util.Arrays.fill(out, (byte) 128);
    for (int y = 0; y < img.height(); y++) {
      System.arraycopy(img.data(), y * img.width() * 3, out, ((y + dy) * w + dx) * 3, img.width() * 3);
    }
    return RgbImage.wrap(w, h, out);
  }

  private static boolean contains(FaceBox b, Point p) {
    return p.x() >= b.x() && p.x() <= b.right() && p.y() >= b.y() && p.y() <= b.bottom();
  }

  private static void assertSortedByConfidence(List<DetectedFace> faces) {
    assertThat(faces).isSortedAccordingTo(Comparator.comparingDouble(DetectedFace::confidence).reversed());
  }
}
