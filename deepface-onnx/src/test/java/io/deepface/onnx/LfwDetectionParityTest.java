package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recognition on LFW-size photos depends on RetinaFace's boxes and landmarks: the thresholds in the catalog were
 * calibrated on them. {@code retinaface-lfw-reference.csv} holds what {@code retinaface} returned, before the
 * detectors learned to look at large photos at a higher resolution, on 40 lfw-dev photos (30 with one face, 10 with
 * several): {@code retinaface} must still return exactly that, and the default detector must return every one of
 * those faces with the same box and landmarks.
 */
class LfwDetectionParityTest {
  private static final double TOLERANCE = 1e-3;

  private static Map<String, List<DetectedFace>> reference() throws IOException {
    Map<String, List<DetectedFace>> m = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(TestData.resource(LfwDetectionParityTest.class,
        "retinaface-lfw-reference.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      double[] v = new double[f.length];
      for (int i = 2; i < f.length; i++) {
        v[i] = Double.parseDouble(f[i]);
      }
      FaceLandmarks l = new FaceLandmarks(new Point(v[7], v[8]), new Point(v[9], v[10]), new Point(v[11], v[12]),
          new Point(v[13], v[14]), new Point(v[15], v[16]));
      m.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new DetectedFace(new FaceBox(v[3], v[4], v[5], v[6]), v[2], l));
    }
    return m;
  }

  private static RgbImage image(String file) {
    return TestEngines.shared().decode(ImageInput.of(TestData.datasetsDir().resolve("lfw-dev/images").resolve(file)));
  }

  @Test
  void retinaFaceReturnsExactlyTheReferenceFaces() throws IOException {
    FaceDetector d = TestEngines.shared().detector("retinaface");
    Map<String, List<DetectedFace>> ref = reference();
    assertThat(ref).hasSize(40);
    int faces = 0;
    for (Map.Entry<String, List<DetectedFace>> e : ref.entrySet()) {
      List<DetectedFace> got = d.detect(image(e.getKey()), d.defaultConfidence());
      assertThat(got).as(e.getKey()).hasSameSizeAs(e.getValue());
      for (int i = 0; i < got.size(); i++) {
        assertSame(e.getKey(), got.get(i), e.getValue().get(i));
        assertThat(got.get(i).confidence()).isCloseTo(e.getValue().get(i).confidence(),
            org.assertj.core.api.Assertions.within(1e-5));
      }
      faces += got.size();
    }
    assertThat(faces).isGreaterThan(40);
  }

  @Test
  void theDefaultDetectorReturnsEveryReferenceFaceWithRetinaFacesGeometry() throws IOException {
    FaceDetector d = TestEngines.shared().detector(io.deepface.FaceOptions.DEFAULT_DETECTOR);
    for (Map.Entry<String, List<DetectedFace>> e : reference().entrySet()) {
      List<DetectedFace> got = d.detect(image(e.getKey()), d.defaultConfidence());
      for (DetectedFace want : e.getValue()) {
        DetectedFace match = got.stream().max(java.util.Comparator.comparingDouble(g -> g.box().iou(want.box())))
            .orElseThrow(() -> new AssertionError(e.getKey() + ": no face"));
        assertSame(e.getKey(), match, want);
        assertThat(match.confidence()).isGreaterThanOrEqualTo(d.defaultConfidence());
      }
    }
  }

  private static void assertSame(String what, DetectedFace got, DetectedFace want) {
    FaceBox a = got.box();
    FaceBox b = want.box();
    assertThat(new double[] {a.x(), a.y(), a.width(), a.height()}).as(what + " box")
        .containsExactly(new double[] {b.x(), b.y(), b.width(), b.height()}, org.assertj.core.api.Assertions.within(TOLERANCE));
    List<Point> p = points(got.landmarks());
    List<Point> q = points(want.landmarks());
    for (int i = 0; i < 5; i++) {
      assertThat(p.get(i).distanceTo(q.get(i))).as(what + " landmark " + i).isLessThan(TOLERANCE);
    }
  }

  private static List<Point> points(FaceLandmarks l) {
    return List.of(l.rightEye(), l.leftEye(), l.nose(), l.mouthRight(), l.mouthLeft());
  }
}
