package io.deepface.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.face.FaceBox;
import org.junit.jupiter.api.Test;

class AnalysisSupportTest {
  @Test
  void scaledBoxGrowsAboutItsCentre() {
    int[] r = AnalysisSupport.scaledBoxInside(new FaceBox(100, 100, 50, 60), 1.4, 400, 400);
    assertThat(r).containsExactly(90, 88, 71, 85);
  }

  @Test
  void scaledBoxIsShiftedNotShrunkAtTheEdge() {
    // Scaled x2 the box would start at -25: faceplugin and Silent-Face move it right instead.
    int[] r = AnalysisSupport.scaledBoxInside(new FaceBox(0, 100, 50, 50), 2.0, 400, 400);
    assertThat(r[0]).isZero();
    assertThat(r[2]).isEqualTo(101);
  }

  @Test
  void scaleIsLimitedByTheImageSize() {
    int[] r = AnalysisSupport.scaledBoxInside(new FaceBox(10, 10, 120, 130), 4.0, 150, 150);
    assertThat(r[0]).isGreaterThanOrEqualTo(0);
    assertThat(r[1]).isGreaterThanOrEqualTo(0);
    assertThat(r[0] + r[2]).isLessThanOrEqualTo(150);
    assertThat(r[1] + r[3]).isLessThanOrEqualTo(150);
    assertThat(r[3]).isEqualTo(150);
  }

  @Test
  void ssrNetGenderPercentageIsFiftyAtFacepluginsCut() {
    assertThat(SsrNetModel.manPercent(SsrNetModel.MALE_CUT)).isCloseTo(50, within(1e-9));
    assertThat(SsrNetModel.manPercent(0)).isZero();
    assertThat(SsrNetModel.manPercent(1)).isEqualTo(100);
    assertThat(SsrNetModel.manPercent(1.3)).isEqualTo(100);
    assertThat(SsrNetModel.manPercent(0.3)).isCloseTo(25, within(1e-9));
  }

  @Test
  void softmaxIsStableAndNormalised() {
    double[] p = AnalysisSupport.softmax(new float[] {1000, 1000, 0}, 0, 3);
    assertThat(p[0]).isCloseTo(0.5, within(1e-12));
    assertThat(p[2]).isCloseTo(0, within(1e-12));
  }

  @Test
  void hopeNetAngleIsTheExpectedBinTimesThreeMinus99() {
    float[] logits = new float[66];
    java.util.Arrays.fill(logits, -1000);
    logits[33] = 0;
    assertThat(HeadPoseModel.angle(logits)).isCloseTo(0, within(1e-9));
    logits[33] = -1000;
    logits[40] = 0;
    assertThat(HeadPoseModel.angle(logits)).isCloseTo(21, within(1e-9));
  }
}
