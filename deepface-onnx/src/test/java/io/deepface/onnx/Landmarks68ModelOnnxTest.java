package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepface.components.Landmarks68Model;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** faceplugin's 68-point model on a real face, placed by YuNet's box. */
class Landmarks68ModelOnnxTest {
  private static OnnxRunner runner;
  private static Landmarks68Model model;

  @BeforeAll
  static void load() throws OrtException {
    String path = TestEngines.repository().resolve(Landmarks68Model.MODEL).toString();
    OrtSession session = OnnxBackend.environment().createSession(path, new OrtSession.SessionOptions());
    runner = new OnnxRunner(Landmarks68Model.MODEL, OnnxBackend.environment(), session);
    model = new Landmarks68Model(runner);
  }

  @AfterAll
  static void close() {
    runner.close();
  }

  private static RgbImage lfw() {
    return TestEngines.shared().decode(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)));
  }

  private static DetectedFace yunetFace(RgbImage img) {
    FaceDetector yunet = TestEngines.shared().detector("yunet");
    return yunet.detect(img, yunet.defaultConfidence()).get(0);
  }

  /** The square of side = height about the box's centre, the crop ultraface gives the model. */
  private static FaceBox square(FaceBox b) {
    return new FaceBox(b.center().x() - b.height() / 2, b.y(), b.height(), b.height());
  }

  @Test
  void pointsOfAnLfwFaceLieInItsBoxInTheIbugLayout() {
    RgbImage img = lfw();
    FaceBox box = square(yunetFace(img).box());
    List<Point> p = model.predict(img, box);
    assertThat(p).hasSize(68);
    FaceBox margin = box.expand(10);
    for (Point q : p) {
      assertThat(q.x()).isBetween(margin.x(), margin.right());
      assertThat(q.y()).isBetween(margin.y(), margin.bottom());
    }
    // Jaw 0..16 runs from the image's left to its right, through the chin (8) at the bottom.
    assertThat(p.get(0).x()).isLessThan(p.get(8).x());
    assertThat(p.get(8).x()).isLessThan(p.get(16).x());
    assertThat(p.get(8).y()).isGreaterThan(p.get(57).y());
    // Eyes (36-47) above the nose tip (30), above the mouth (48-67).
    double lowestEye = p.subList(36, 48).stream().mapToDouble(Point::y).max().orElseThrow();
    double highestMouth = p.subList(48, 68).stream().mapToDouble(Point::y).min().orElseThrow();
    assertThat(lowestEye).isLessThan(p.get(30).y());
    assertThat(p.get(30).y()).isLessThan(highestMouth);
    // 36-41 is the eye on the image's left, 42-47 the one on its right.
    assertThat(p.get(39).x()).isLessThan(p.get(42).x());
  }

  @Test
  void fivePointsAgreeWithYunetsLandmarks() {
    RgbImage img = lfw();
    DetectedFace yunet = yunetFace(img);
    FaceLandmarks five = Landmarks68Model.fivePoints(model.predict(img, square(yunet.box())));
    FaceLandmarks ref = yunet.landmarks();
    assertThat(five.rightEye().x()).isLessThan(five.leftEye().x());
    assertThat(five.mouthRight().x()).isLessThan(five.mouthLeft().x());
    double eyes = ref.rightEye().distanceTo(ref.leftEye());
    List<Point> a = five.asList();
    List<Point> b = ref.asList();
    for (int i = 0; i < 5; i++) {
      assertThat(a.get(i).distanceTo(b.get(i))).as("point " + i + ": " + a.get(i) + " vs yunet " + b.get(i))
          .isLessThan(0.2 * eyes);
    }
  }

  @Test
  void aFaceCutByTheImageEdgeStillGetsItsPointsInPlace() {
    RgbImage img = lfw();
    FaceBox box = square(yunetFace(img).box());
    List<Point> whole = model.predict(img, box);
    // Cut the image so that the face's box sticks out 20 px past the left edge.
    int cut = (int) Math.round(box.x()) + 20;
    RgbImage cropped = img.crop(cut, 0, img.width() - cut, img.height());
    List<Point> edge = model.predict(cropped, new FaceBox(box.x() - cut, box.y(), box.width(), box.height()));
    FaceLandmarks w = Landmarks68Model.fivePoints(whole);
    FaceLandmarks e = Landmarks68Model.fivePoints(edge);
    double eyes = w.rightEye().distanceTo(w.leftEye());
    List<Point> a = w.asList();
    List<Point> b = e.asList();
    for (int i = 0; i < 5; i++) {
      Point expected = new Point(a.get(i).x() - cut, a.get(i).y());
      assertThat(b.get(i).distanceTo(expected)).as("point " + i).isLessThan(0.15 * eyes);
    }
  }
}
