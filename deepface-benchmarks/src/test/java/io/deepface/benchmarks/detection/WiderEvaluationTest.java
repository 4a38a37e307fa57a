package io.deepface.benchmarks.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.benchmarks.detection.WiderFaces.Difficulty;
import io.deepface.benchmarks.detection.WiderFaces.Face;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WiderEvaluationTest {
  private static final Face EASY = new Face(new FaceBox(0, 0, 100, 100), false, Difficulty.EASY);
  private static final Face MEDIUM = new Face(new FaceBox(200, 0, 30, 30), false, Difficulty.MEDIUM);
  private static final Face HARD = new Face(new FaceBox(300, 0, 12, 12), false, Difficulty.HARD);
  private static final Face IGNORED = new Face(new FaceBox(400, 0, 8, 8), true, Difficulty.NONE);

  private static final WiderFaces SET = new WiderFaces(Path.of("set"), List.of(
      new WiderFaces.Photo("a.jpg", List.of(EASY, MEDIUM, HARD, IGNORED))));

  private static DetectedFace det(double x, double y, double w, double h, double score) {
    return new DetectedFace(new FaceBox(x, y, w, h), score, null);
  }

  @Test
  void subsetsNestAndIgnoredFacesCountNeitherWay() {
    List<DetectedFace> d = List.of(det(2, 2, 100, 100, 0.9), det(201, 0, 30, 30, 0.8), det(400, 0, 8, 8, 0.7),
        det(600, 600, 50, 50, 0.6));
    List<List<DetectedFace>> dets = List.of(d);
    WiderEvaluation.Summary easy = WiderEvaluation.summary(SET, dets, Difficulty.EASY, 0);
    // The medium face's detection counts neither way in the easy subset; the ignored one never counts.
    assertThat(easy.faces()).isEqualTo(1);
    assertThat(easy.recalled()).isEqualTo(1);
    assertThat(easy.detections()).isEqualTo(2);
    assertThat(easy.falseDetections()).isEqualTo(1);
    WiderEvaluation.Summary medium = WiderEvaluation.summary(SET, dets, Difficulty.MEDIUM, 0);
    assertThat(medium.faces()).isEqualTo(2);
    assertThat(medium.recall()).isEqualTo(1.0);
    WiderEvaluation.Summary hard = WiderEvaluation.summary(SET, dets, Difficulty.HARD, 0);
    assertThat(hard.faces()).isEqualTo(3);
    assertThat(hard.recalled()).isEqualTo(2);
    assertThat(hard.detections()).isEqualTo(3);
    assertThat(hard.falsePerImage()).isEqualTo(1.0);
    // A threshold drops what scores less.
    assertThat(WiderEvaluation.summary(SET, dets, Difficulty.HARD, 0.85).recalled()).isEqualTo(1);
  }

  @Test
  void aSecondDetectionOfTheSameFaceIsFalseAndOverlapBelowHalfMisses() {
    List<List<DetectedFace>> dets = List.of(List.of(det(0, 0, 100, 100, 0.9), det(5, 5, 100, 100, 0.8),
        det(300, 0, 30, 30, 0.7)));
    WiderEvaluation.Summary hard = WiderEvaluation.summary(SET, dets, Difficulty.HARD, 0);
    assertThat(hard.recalled()).isEqualTo(1);
    assertThat(hard.falseDetections()).isEqualTo(2);
  }

  @Test
  void overlapCountsBoxCornersInclusivelyAsWiderDoes() {
    // Two 9x9 boxes one pixel apart: 10x10 inclusive, overlapping 9x10.
    assertThat(WiderEvaluation.iou(new FaceBox(0, 0, 9, 9), new FaceBox(1, 0, 9, 9))).isCloseTo(90.0 / 110,
        within(1e-12));
    assertThat(WiderEvaluation.iou(new FaceBox(0, 0, 9, 9), new FaceBox(20, 0, 9, 9))).isZero();
  }

  @Test
  void curveAndAveragePrecision() {
    // Scores: a hit, a false detection, a hit: precision 1, 1/2, 2/3 at recall 1/3, 1/3, 2/3.
    List<List<DetectedFace>> dets = List.of(List.of(det(0, 0, 100, 100, 0.9), det(600, 600, 50, 50, 0.8),
        det(200, 0, 30, 30, 0.7)));
    WiderEvaluation.Curve c = WiderEvaluation.curve(SET, dets, Difficulty.HARD);
    assertThat(c.thresholds()).containsExactly(0.9, 0.8, 0.7);
    assertThat(c.recall()).containsExactly(1.0 / 3, 1.0 / 3, 2.0 / 3);
    assertThat(c.precision()).containsExactly(1.0, 0.5, 2.0 / 3);
    // Envelope: 1 up to recall 1/3, 2/3 up to 2/3, nothing after.
    assertThat(c.averagePrecision()).isCloseTo(1.0 / 3 + 2.0 / 9, within(1e-12));
  }

  @Test
  void thresholdsAreChosenForTheBestF1AndCrossValidatedOnHeldOutPhotos() {
    // A hit at 0.9, a false detection at 0.8, a hit at 0.7: F1 0.5 from 0.81, 0.4 at 0.8, 0.67 at 0.7 and below.
    List<List<DetectedFace>> dets = List.of(List.of(det(0, 0, 100, 100, 0.9), det(600, 600, 50, 50, 0.8),
        det(200, 0, 30, 30, 0.7)));
    assertThat(WiderEvaluation.bestF1Threshold(SET, dets, Difficulty.HARD, 0.5)).isEqualTo(0.5);
    // Without the third detection the best is to stop above the false one.
    List<List<DetectedFace>> two = List.of(List.of(det(0, 0, 100, 100, 0.9), det(600, 600, 50, 50, 0.8)));
    assertThat(WiderEvaluation.bestF1Threshold(SET, two, Difficulty.HARD, 0.5)).isEqualTo(0.81);
    // Two photos, two folds: each is scored with the threshold chosen on the other.
    WiderFaces pair = new WiderFaces(Path.of("set"), List.of(SET.images().get(0), SET.images().get(0)));
    WiderEvaluation.CrossValidation cv = WiderEvaluation.crossValidate(pair, List.of(dets.get(0), two.get(0)), 2, 0.5);
    assertThat(cv.thresholds()).containsExactly(0.81, 0.5);
    // Photo 0 at 0.81: one hit, no false one; photo 1 at 0.5: one hit, one false.
    assertThat(cv.recall(Difficulty.HARD)).isEqualTo(2.0 / 6);
    assertThat(cv.falsePerImage()).isEqualTo(0.5);
  }

  @Test
  void recallByWidthBucketsTheScoredFaces() {
    List<List<DetectedFace>> dets = List.of(List.of(det(0, 0, 100, 100, 0.9)));
    int[][] b = WiderEvaluation.recallByWidth(SET, dets, Difficulty.HARD, 0, new double[] {0, 16, 64});
    assertThat(b[0]).containsExactly(1, 0);
    assertThat(b[1]).containsExactly(1, 0);
    assertThat(b[2]).containsExactly(1, 1);
  }

  @Test
  void readsTheDevelopmentSet() throws Exception {
    WiderFaces set = WiderFaces.read(TestData.datasetsDir().resolve("wider-dev"));
    assertThat(set.images()).hasSize(90);
    assertThat(set.scored(Difficulty.EASY)).isEqualTo(139);
    assertThat(set.scored(Difficulty.MEDIUM)).isEqualTo(197);
    assertThat(set.scored(Difficulty.HARD)).isEqualTo(322);
    assertThat(set.images()).allSatisfy(p -> assertThat(set.path(p)).isRegularFile());
  }
}
