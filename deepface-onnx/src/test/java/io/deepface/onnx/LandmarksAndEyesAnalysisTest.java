package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestEngines;
import static org.assertj.core.api.Assertions.within;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceOptions;
import io.deepface.analysis.EyeState;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.Point;
import io.deepface.image.RgbImage;
import io.deepface.testing.TestData;
import io.deepface.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 68 landmarks ({@code fr_landmark}) and the eye state ({@code fr_eye}) of real faces. */
class LandmarksAndEyesAnalysisTest {
  private static final AnalyzeOptions LANDMARKS = AnalyzeOptions.of(FaceAttribute.LANDMARKS);

  private static FaceAnalysis analyze(RgbImage img, AnalyzeOptions what) {
    return TestEngines.shared().analyze(ImageInput.of(img, "image"), what, FaceOptions.builder().maxFaces(1).build()).get(0);
  }

  @Test
  void landmarksAgreeWithTheDetectorsPointsInImageCoordinates() {
    FaceAnalysis f = analyze(AnalysisFixtures.decode(TestData.astronaut()), LANDMARKS);
    List<Point> p = f.landmarks().points();
    assertThat(p).hasSize(68);
    double tolerance = 0.12 * f.region().w();
    // Points 36-41 are the eye on the image's left: the person's right eye, as YuNet names it.
    assertThat(mean(p, 36, 42).distanceTo(f.region().rightEye())).isLessThan(tolerance);
    assertThat(mean(p, 42, 48).distanceTo(f.region().leftEye())).isLessThan(tolerance);
    assertThat(p.get(30).distanceTo(f.region().nose())).isLessThan(tolerance);
    // Jaw line runs from the image's left to its right, the chin (8) below the nose.
    assertThat(p.get(0).x()).isLessThan(p.get(16).x());
    assertThat(p.get(8).y()).isGreaterThan(p.get(30).y());
  }

  @Test
  void landmarksMoveWithTheFaceWhenTheImageIsPadded() {
    RgbImage img = AnalysisFixtures.decode(TestData.astronaut());
    FaceAnalysis a = analyze(img, LANDMARKS);
    FaceAnalysis b = analyze(TestImages.padded(img, 120, 80), LANDMARKS);
    for (int i = 0; i < 68; i++) {
      Point pa = a.landmarks().points().get(i);
      Point pb = b.landmarks().points().get(i);
      assertThat(pb.x() - 120).as("x of point %d", i).isCloseTo(pa.x(), within(3.0));
      assertThat(pb.y() - 80).as("y of point %d", i).isCloseTo(pa.y(), within(3.0));
    }
  }

  /** Wide open in the surprised photo; squeezed shut in the disgusted one. */
  @Test
  void eyesAreOpenWhenWideOpenAndClosedWhenSqueezedShut() {
    EyeState open = analyze(AnalysisFixtures.faceapi("surprised.jpg"), AnalyzeOptions.of(FaceAttribute.EYES)).eyes();
    EyeState shut = analyze(AnalysisFixtures.faceapi("disgusted.jpg"), AnalyzeOptions.of(FaceAttribute.EYES)).eyes();
    System.out.printf("eyes: surprised %s, disgusted %s%n", open, shut);
    assertThat(open.isRightEyeOpen()).isTrue();
    assertThat(open.isLeftEyeOpen()).isTrue();
    assertThat(open.rightEyeOpen()).isGreaterThan(0.9);
    assertThat(shut.isRightEyeOpen()).isFalse();
    assertThat(shut.isLeftEyeOpen()).isFalse();
    assertThat(shut.leftEyeOpen()).isLessThan(0.1);
  }

  private static Point mean(List<Point> p, int from, int to) {
    double x = 0;
    double y = 0;
    for (int i = from; i < to; i++) {
      x += p.get(i).x();
      y += p.get(i).y();
    }
    return new Point(x / (to - from), y / (to - from));
  }
}
