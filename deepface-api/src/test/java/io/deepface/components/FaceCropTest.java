package io.deepface.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.image.AffineTransform;
import io.deepface.components.FaceCrop.Mode;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.spi.AlignmentSpec;
import org.junit.jupiter.api.Test;

class FaceCropTest {
  /** A face turned 30 degrees: box 100x120 at (50, 40), eyes 40 px apart on a line rising to the image's right. */
  private static final double ANGLE = Math.toRadians(-30);
  private static final FaceLandmarks LM = new FaceLandmarks(new Point(80, 90),
      new Point(80 + 40 * Math.cos(ANGLE), 90 + 40 * Math.sin(ANGLE)), new Point(100, 110), new Point(90, 130),
      new Point(115, 120));
  private static final DetectedFace FACE = new DetectedFace(new FaceBox(50, 40, 100, 120), 0.9, LM);

  @Test
  void boxMapsTheScaledBoxOntoTheWholeCrop() {
    AffineTransform t = FaceCrop.of(Mode.BOX, 1.0).transform(FACE, 64, 64);
    // Box edges land on the crop's outer pixel edges (-0.5 and 63.5 in pixel-centre coordinates).
    assertThat(t.apply(new Point(50, 40)).x()).isCloseTo(-0.5, within(1e-9));
    assertThat(t.apply(new Point(150, 160)).y()).isCloseTo(63.5, within(1e-9));
    AffineTransform wide = FaceCrop.of(Mode.BOX, 2.0).transform(FACE, 64, 64);
    assertThat(wide.apply(new Point(0, -20)).x()).isCloseTo(-0.5, within(1e-9));
    assertThat(wide.apply(new Point(100, 100)).y()).isCloseTo(31.5, within(1e-9));
  }

  @Test
  void squareKeepsTheAspectRatioAndCentresTheBox() {
    AffineTransform t = FaceCrop.of(Mode.SQUARE, 1.5).transform(FACE, 90, 90);
    // The square's side is 1.5 x 120 = 180 image pixels: 0.5 crop pixels per image pixel, centre to centre.
    assertThat(t.scale()).isCloseTo(0.5, within(1e-9));
    Point c = t.apply(new Point(100, 100));
    assertThat(c.x()).isCloseTo(44.5, within(1e-9));
    assertThat(c.y()).isCloseTo(44.5, within(1e-9));
    // A downward shift moves the face up in the crop.
    Point shifted = new FaceCrop(Mode.SQUARE, 1.5, 0.1).transform(FACE, 90, 90).apply(new Point(100, 100));
    assertThat(shifted.y()).isCloseTo(44.5 - 9, within(1e-9));
  }

  @Test
  void eyesLevelsTheEyeLine() {
    AffineTransform t = FaceCrop.of(Mode.EYES, 1.2).transform(FACE, 100, 100);
    Point r = t.apply(LM.rightEye());
    Point l = t.apply(LM.leftEye());
    assertThat(l.y() - r.y()).isCloseTo(0, within(1e-9));
    assertThat(l.x()).isGreaterThan(r.x());
  }

  @Test
  void landmarksPutTheEyesWhereTheArcFaceTemplateDoesZoomedOut() {
    DetectedFace frontal = new DetectedFace(new FaceBox(0, 0, 112, 112), 0.9, new FaceLandmarks(
        AlignmentSpec.ARCFACE_112.template().get(0), AlignmentSpec.ARCFACE_112.template().get(1),
        AlignmentSpec.ARCFACE_112.template().get(2), AlignmentSpec.ARCFACE_112.template().get(3),
        AlignmentSpec.ARCFACE_112.template().get(4)));
    AffineTransform same = FaceCrop.of(Mode.LANDMARKS, 1.0).transform(frontal, 112, 112);
    assertThat(same.scale()).isCloseTo(1, within(1e-9));
    assertThat(same.apply(new Point(56, 60)).x()).isCloseTo(56, within(1e-6));
    AffineTransform zoomedOut = FaceCrop.of(Mode.LANDMARKS, 2.0).transform(frontal, 224, 224);
    assertThat(zoomedOut.scale()).isCloseTo(1, within(1e-9));
    // Without five landmarks it falls back to the box.
    DetectedFace bare = new DetectedFace(new FaceBox(10, 10, 50, 50), 0.9, null);
    assertThat(FaceCrop.of(Mode.LANDMARKS, 1.0).transform(bare, 50, 50).scale()).isCloseTo(1, within(1e-9));
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> FaceCrop.of(Mode.BOX, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FaceCrop(Mode.BOX, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new FaceCrop(Mode.LANDMARKS, 1.25, -0.05)).hasToString("landmarks x1.25 shift -0.05");
  }
}
