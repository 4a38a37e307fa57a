package io.deepface.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.image.AffineTransform;
import io.deepface.face.Point;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.spi.AlignmentSpec;
import io.deepface.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceAlignerTest {
  private static final List<Point> TEMPLATE = AlignmentSpec.ARCFACE_112.template();

  @Test
  void similarityIsRecoveredExactlyFromTransformedPoints() {
    AffineTransform truth = AffineTransform.similarity(2.5, Math.toRadians(17), 40, -12);
    List<Point> src = TEMPLATE;
    List<Point> dst = src.stream().map(truth::apply).toList();
    AffineTransform est = FaceAligner.estimateSimilarity(src, dst);
    assertThat(est.a()).isCloseTo(truth.a(), within(1e-9));
    assertThat(est.b()).isCloseTo(truth.b(), within(1e-9));
    assertThat(est.c()).isCloseTo(truth.c(), within(1e-9));
    assertThat(est.d()).isCloseTo(truth.d(), within(1e-9));
    assertThat(est.f()).isCloseTo(truth.f(), within(1e-9));
    assertThat(est.scale()).isCloseTo(2.5, within(1e-9));
    assertThat(Math.toDegrees(est.rotation())).isCloseTo(17, within(1e-9));
  }

  @Test
  void noisyPointsGiveTheLeastSquaresFit() {
    List<Point> noisy = List.of(new Point(38, 52), new Point(74, 51), new Point(56, 72), new Point(41, 93), new Point(71, 92));
    AffineTransform est = FaceAligner.estimateSimilarity(noisy, TEMPLATE);
    double err = 0;
    for (int i = 0; i < 5; i++) {
      err += est.apply(noisy.get(i)).distanceTo(TEMPLATE.get(i));
    }
    assertThat(err / 5).isLessThan(1.0);
    // Any perturbation of the fit increases the squared error.
    AffineTransform worse = est.then(AffineTransform.similarity(1.01, 0.01, 0.2, 0));
    assertThat(sq(worse, noisy)).isGreaterThan(sq(est, noisy));
  }

  private static double sq(AffineTransform t, List<Point> src) {
    double s = 0;
    for (int i = 0; i < 5; i++) {
      double d = t.apply(src.get(i)).distanceTo(TEMPLATE.get(i));
      s += d * d;
    }
    return s;
  }

  @Test
  void inverseUndoesTheTransform() {
    AffineTransform t = AffineTransform.similarity(0.7, 1.1, 3, 9);
    Point p = new Point(12.5, -4);
    Point back = t.inverse().apply(t.apply(p));
    assertThat(back.x()).isCloseTo(p.x(), within(1e-9));
    assertThat(back.y()).isCloseTo(p.y(), within(1e-9));
  }

  @Test
  void landmarksLandOnTheTemplateAndTheCropIsTheFace() {
    RgbImage img = ImageDecoder.defaults().decode(ImageInput.of(TestData.astronaut()));
    // Landmarks placed as a rotated, scaled template inside the image.
    AffineTransform place = AffineTransform.similarity(1.8, Math.toRadians(-25), 150, 40);
    List<Point> p = TEMPLATE.stream().map(place::apply).toList();
    DetectedFace face = new DetectedFace(new FaceBox(150, 40, 200, 200), 0.9,
        new FaceLandmarks(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4)));
    AffineTransform t = FaceAligner.transform(face, AlignmentSpec.ARCFACE_112, AlignmentMode.LANDMARKS);
    for (int i = 0; i < 5; i++) {
      assertThat(t.apply(p.get(i)).distanceTo(TEMPLATE.get(i))).isLessThan(1e-6);
    }
    RgbImage crop = FaceAligner.crop(img, face, AlignmentSpec.ARCFACE_112, AlignmentMode.LANDMARKS);
    // Each crop pixel equals the image at the inverse-mapped point (nearest integer point checked).
    AffineTransform inv = t.inverse();
    for (int v = 10; v < 112; v += 25) {
      for (int u = 10; u < 112; u += 25) {
        Point s = inv.apply(new Point(u, v));
        if (s.x() < 0 || s.y() < 0 || s.x() > img.width() - 2 || s.y() > img.height() - 2) {
          continue;
        }
        int expected = bilinearRed(img, s.x(), s.y());
        assertThat(crop.rgbAt(u, v) >> 16 & 0xff).isBetween(expected - 1, expected + 1);
      }
    }
  }

  private static int bilinearRed(RgbImage img, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    double r = (1 - fx) * (1 - fy) * red(img, x0, y0) + fx * (1 - fy) * red(img, x0 + 1, y0)
        + (1 - fx) * fy * red(img, x0, y0 + 1) + fx * fy * red(img, x0 + 1, y0 + 1);
    return (int) (r + 0.5);
  }

  private static int red(RgbImage img, int x, int y) {
    return img.rgbAt(x, y) >> 16 & 0xff;
  }

  @Test
  void eyeModeLevelsTheEyesAndNoneKeepsTheBoxUpright() {
    Point rightEye = new Point(100, 120);
    Point leftEye = new Point(160, 90); // eye line rises to the right
    DetectedFace face = new DetectedFace(new FaceBox(70, 50, 120, 150), 0.9,
        new FaceLandmarks(rightEye, leftEye, new Point(130, 130), null, null));
    AffineTransform eyes = FaceAligner.transform(face, AlignmentSpec.ARCFACE_112, AlignmentMode.EYES);
    assertThat(eyes.apply(rightEye).y()).isCloseTo(eyes.apply(leftEye).y(), within(1e-9));
    assertThat(eyes.apply(rightEye).x()).isLessThan(eyes.apply(leftEye).x());
    AffineTransform none = FaceAligner.transform(face, AlignmentSpec.ARCFACE_112, AlignmentMode.NONE);
    assertThat(none.rotation()).isCloseTo(0, within(1e-12));
    // The box's taller side fills the crop; its centre lands on the crop's centre.
    assertThat(none.scale()).isCloseTo(112.0 / 150, within(1e-9));
    Point c = none.apply(face.box().center());
    assertThat(c.x()).isCloseTo(55.5, within(1e-9));
    assertThat(c.y()).isCloseTo(55.5, within(1e-9));
  }

  @Test
  void faceWithoutLandmarksFallsBackToTheBox() {
    DetectedFace face = new DetectedFace(new FaceBox(10, 20, 100, 100), 0, null);
    AffineTransform t = FaceAligner.transform(face, AlignmentSpec.ARCFACE_112, AlignmentMode.LANDMARKS);
    assertThat(t.apply(new Point(10, 20)).x()).isCloseTo(-0.5 + 0.06, within(0.1));
  }

  @Test
  void resizeKeepsAFlatImageFlatAndMatchesSizes() {
    byte[] data = new byte[40 * 30 * 3];
    java.util.Arrays.fill(data, (byte) 77);
    RgbImage flat = RgbImage.wrap(40, 30, data);
    for (int[] size : new int[][] {{13, 7}, {100, 90}, {4, 3}}) {
      RgbImage r = ImageOps.resize(flat, size[0], size[1]);
      assertThat(r.width()).isEqualTo(size[0]);
      assertThat(r.height()).isEqualTo(size[1]);
      for (byte b : r.data()) {
        assertThat(b & 0xff).isEqualTo(77);
      }
    }
  }
}
