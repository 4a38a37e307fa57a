package io.deepface.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.DeepFaceException;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.RgbImage;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The model-free parts of {@link Landmarks68Model}: crop placement, output mapping, 68 to 5 points. */
class Landmarks68ModelTest {

  /** Point i at (i, 1000 + 2i): every average of the five points is then easy to check. */
  private static List<Point> indexed() {
    List<Point> p = new ArrayList<>();
    for (int i = 0; i < 68; i++) {
      p.add(new Point(i, 1000 + 2 * i));
    }
    return p;
  }

  @Test
  void fivePointsFollowFacepluginsIndicesWithSubjectSideNames() {
    FaceLandmarks f = Landmarks68Model.fivePoints(indexed());
    // Eyelid points 37, 38, 40, 41 (the eye on the image's left) make the subject's right eye.
    assertThat(f.rightEye()).isEqualTo(new Point(39, 1078));
    assertThat(f.leftEye()).isEqualTo(new Point(45, 1090));
    assertThat(f.nose()).isEqualTo(new Point(30, 1060));
    assertThat(f.mouthRight()).isEqualTo(new Point(54, 1108)); // mean of 48 and 60
    assertThat(f.mouthLeft()).isEqualTo(new Point(59, 1118)); // mean of 54 and 64
    assertThat(f.complete()).isTrue();
  }

  @Test
  void fivePointsNeedsExactly68() {
    assertThatThrownBy(() -> Landmarks68Model.fivePoints(indexed().subList(0, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("68");
  }

  @Test
  void aBoxInsideTheImageIsKept() {
    assertThat(Landmarks68Model.insideImage(new FaceBox(10, 20, 50, 60), 200, 100)).isEqualTo(new FaceBox(10, 20, 50, 60));
  }

  @Test
  void aBoxStickingOutIsShiftedInsideKeepingItsSize() {
    assertThat(Landmarks68Model.insideImage(new FaceBox(-15, 30, 50, 50), 200, 100)).isEqualTo(new FaceBox(0, 30, 50, 50));
    assertThat(Landmarks68Model.insideImage(new FaceBox(180, 70, 50, 50), 200, 100)).isEqualTo(new FaceBox(149, 49, 50, 50));
  }

  @Test
  void aBoxLargerThanTheImageIsCutToIt() {
    FaceBox b = Landmarks68Model.insideImage(new FaceBox(-50, -40, 400, 300), 200, 100);
    assertThat(b).isEqualTo(new FaceBox(0, 0, 199, 99));
  }

  @Test
  void pointsAreMappedFromTheCropActuallyUsedEvenWhenTheBoxWasShifted() {
    AtomicReference<Tensor> seen = new AtomicReference<>();
    float[] out = new float[136];
    for (int i = 0; i < 68; i++) {
      out[2 * i] = 0.25f;
      out[2 * i + 1] = 0.75f;
    }
    TensorRunner fake = fakeRunner(seen, Map.of("output", Tensor.of(out, 1, 136)));
    RgbImage image = RgbImage.wrap(200, 100, new byte[200 * 100 * 3]);
    // The box sticks out 20 px on the left: the crop is x 0..40, y 10..50.
    List<Point> points = new Landmarks68Model(fake).predict(image, new FaceBox(-20, 10, 40, 40));
    assertThat(points).hasSize(68);
    assertThat(points.get(0).x()).isCloseTo(0 + 0.25 * 40, within(1e-4));
    assertThat(points.get(0).y()).isCloseTo(10 + 0.75 * 40, within(1e-4));
    assertThat(seen.get().shape()).containsExactly(1, 1, 64, 64);
  }

  @Test
  void aWrongOutputSizeIsReportedClearly() {
    TensorRunner fake = fakeRunner(new AtomicReference<>(), Map.of("output", Tensor.of(new float[10], 1, 10)));
    RgbImage image = RgbImage.wrap(50, 50, new byte[50 * 50 * 3]);
    assertThatThrownBy(() -> new Landmarks68Model(fake).predict(image, new FaceBox(5, 5, 20, 20)))
        .isInstanceOf(DeepFaceException.class).hasMessageContaining("136");
  }

  private static TensorRunner fakeRunner(AtomicReference<Tensor> seen, Map<String, Tensor> result) {
    return new TensorRunner() {
      @Override
      public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        seen.set(inputs.get("input"));
        return result;
      }

      @Override
      public void close() {}
    };
  }
}
