package io.deepface.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.FaceAnalysis;
import io.deepface.FacialArea;
import io.deepface.analysis.Age;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.FaceLandmarks68;
import io.deepface.analysis.Gender;
import io.deepface.analysis.HeadPose;
import io.deepface.face.Point;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageLimits;
import io.deepface.image.RgbImage;
import io.deepface.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaceAnnotatorTest {
  private final RgbImage astronaut = new ImageDecoder(ImageLimits.defaults()).decode(ImageInput.of(TestData.astronaut()));
  // Where YuNet finds Eileen Collins' face in the 512x512 portrait.
  private final FacialArea region = new FacialArea(178, 65, 91, 111, new Point(241, 107), new Point(205, 107),
      new Point(223, 128), new Point(238, 150), new Point(208, 150));

  @Test
  void drawsBoxLandmarksAndLabelOnACopyAndNothingElsewhere() {
    byte[] before = astronaut.data().clone();
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < 68; i++) {
      points.add(new Point(190 + (i % 10) * 7, 80 + (i / 10) * 12));
    }
    FaceAnalysis f = new FaceAnalysis(region, 0.93, Map.of(
        FaceAttribute.AGE, new Age(43.7),
        FaceAttribute.GENDER, new Gender(60, 40),
        FaceAttribute.EMOTION, Emotion.fromProbabilities(new double[] {0, 0, 0, 1, 0, 0, 0}),
        FaceAttribute.LANDMARKS, new FaceLandmarks68(points)));
    RgbImage out = FaceAnnotator.annotate(astronaut, List.of(f));

    assertThat(astronaut.data()).isEqualTo(before);
    assertThat(out.width()).isEqualTo(astronaut.width());
    assertThat(out.height()).isEqualTo(astronaut.height());
    // The box's edges are green.
    for (int[] p : new int[][] {{region.x(), region.y() + 50}, {region.x() + region.w(), region.y() + 60},
        {region.x() + 40, region.y() + region.h()}}) {
      assertThat(isGreen(out.rgbAt(p[0], p[1]))).as("box edge at %d,%d", p[0], p[1]).isTrue();
    }
    // Every landmark is marked.
    for (Point p : points) {
      assertThat(out.rgbAt((int) p.x(), (int) p.y())).as("landmark %s", p).isNotEqualTo(astronaut.rgbAt((int) p.x(), (int) p.y()));
    }
    // The label sits above the box.
    assertThat(changed(out, region.x(), region.y() - 20, region.x() + 60, region.y() - 4)).isGreaterThan(100);
    assertThat(FaceAnnotator.label(f)).isEqualTo("43, Woman, happy");
    // Far from the face nothing changes.
    assertThat(changed(out, 0, 300, 150, 512)).isZero();
    assertThat(changed(out, 350, 0, 512, 512)).isZero();
  }

  @Test
  void withoutLandmarksTheDetectorsPointsAreMarkedAndPoseAxesDrawn() {
    FaceAnalysis f = new FaceAnalysis(region, 0.93, Map.of(FaceAttribute.POSE, new HeadPose(0, 0, 0)));
    RgbImage out = FaceAnnotator.annotate(astronaut, List.of(f));
    for (Point p : List.of(region.leftEye(), region.rightEye(), region.mouthLeft())) {
      assertThat(out.rgbAt((int) p.x(), (int) p.y())).isNotEqualTo(astronaut.rgbAt((int) p.x(), (int) p.y()));
    }
    // Frontal pose: the red x axis runs right from the nose, the green one down.
    Point nose = region.nose();
    assertThat(isRedDominant(out.rgbAt((int) nose.x() + 30, (int) nose.y()))).isTrue();
    assertThat(isGreen(out.rgbAt((int) nose.x(), (int) nose.y() + 35))).isTrue();
    assertThat(FaceAnnotator.label(f)).isEmpty();
  }

  @Test
  void axesFollowTheDocumentedSigns() {
    Point o = new Point(100, 100);
    // Yaw > 0: the face turns to the image's left, so the nose axis points left.
    assertThat(FaceAnnotator.axisEnds(new HeadPose(30, 0, 0), o, 50)[2].x()).isLessThan(o.x() - 20);
    // Pitch > 0: chin up, the nose axis points up.
    assertThat(FaceAnnotator.axisEnds(new HeadPose(0, 30, 0), o, 50)[2].y()).isLessThan(o.y() - 20);
    // Roll > 0: clockwise in the image, the x axis dips to the right.
    Point x = FaceAnnotator.axisEnds(new HeadPose(0, 0, 30), o, 50)[0];
    assertThat(x.y()).isCloseTo(o.y() + 25, within(1e-9));
  }

  private static boolean isGreen(int rgb) {
    int r = rgb >> 16 & 0xff;
    int g = rgb >> 8 & 0xff;
    int b = rgb & 0xff;
    return g > 150 && r < 100 && b < 100;
  }

  private static boolean isRedDominant(int rgb) {
    int r = rgb >> 16 & 0xff;
    int g = rgb >> 8 & 0xff;
    int b = rgb & 0xff;
    return r > 150 && g < 100 && b < 100;
  }

  private int changed(RgbImage out, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y < Math.min(out.height(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(out.width(), x1); x++) {
        if (out.rgbAt(x, y) != astronaut.rgbAt(x, y)) {
          n++;
        }
      }
    }
    return n;
  }
}
