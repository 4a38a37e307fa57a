package io.deepface.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.face.DetectedFace;
import io.deepface.face.Point;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.testing.conformance.GroupPhotos;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the djl backend's own detectors (TFLite graphs) find beyond the contract every detector meets
 * ({@link DjlConformanceTest}): the short-range model's reach, and close-ups.
 */
class TfLiteDetectorsTest {
  private static FaceDetector detector(String name) {
    return TestEngines.shared().detector(name);
  }

  private static RgbImage image(java.nio.file.Path file) {
    return TestEngines.decode(file);
  }

  /**
   * The short-range model is for faces near the camera: it finds the six large faces of bbt4 and none of
   * the small ones in bbt1 (about 100 px in a 1366 px wide photo, 9 px at its 128 px input).
   */
  @Test
  void shortRangeMediaPipeFindsLargeFacesOnly() {
    FaceDetector d = detector("mediapipe-short");
    List<DetectedFace> large = d.detect(image(TestData.faceapi("bbt4.jpg")), d.defaultConfidence());
    assertThat(large).hasSize(6);
    for (Point p : GroupPhotos.FACES.get("bbt4.jpg")) {
      assertThat(large.stream().filter(f -> GroupPhotos.contains(f.box(), p)).count()).isEqualTo(1);
    }
    assertThat(d.detect(image(TestData.faceapi("bbt1.jpg")), d.defaultConfidence())).isEmpty();
  }

  /** ... and it suits close-ups: one face in each tight 150 px face crop. */
  @ParameterizedTest
  @ValueSource(strings = {"mediapipe-short", "mtcnn"})
  void findsOneFaceInCloseUps(String name) {
    FaceDetector d = detector(name);
    for (int i = 1; i <= 5; i++) {
      assertThat(d.detect(image(TestData.faceapi("sheldon/sheldon" + i + ".png")), d.defaultConfidence()))
          .as(name + " on sheldon" + i).hasSize(1);
    }
  }
}
