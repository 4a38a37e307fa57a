package io.deepface.onnx;

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

/**
 * What the onnx backend's short-range BlazeFace finds, beyond the contract every detector meets
 * ({@link OnnxConformanceTest}).
 */
class BlazeFaceFrontTest {
  private static FaceDetector detector(String name) {
    return TestEngines.shared().detector(name);
  }

  private static RgbImage image(java.nio.file.Path file) {
    return TestEngines.decode(file);
  }

  /**
   * The short-range model is meant for faces near the camera: it finds the six large faces of bbt4 and
   * none of the small ones in bbt1 (about 100 px in a 1366 px wide photo, 9 px at its 128 px input).
   */
  @Test
  void shortRangeBlazeFaceFindsLargeFacesOnly() {
    FaceDetector d = detector("blazeface-front");
    List<DetectedFace> large = d.detect(image(TestData.faceapi("bbt4.jpg")), d.defaultConfidence());
    assertThat(large).hasSize(6);
    for (Point p : GroupPhotos.FACES.get("bbt4.jpg")) {
      assertThat(large.stream().filter(f -> GroupPhotos.contains(f.box(), p)).count()).isEqualTo(1);
    }
    assertThat(d.detect(image(TestData.faceapi("bbt1.jpg")), d.defaultConfidence())).isEmpty();
  }

  /** ... and it suits close-ups: one face in each tight 150 px face crop, where the long-range model adds parts of faces. */
  @Test
  void shortRangeBlazeFaceFindsOneFaceInCloseUps() {
    FaceDetector d = detector("blazeface-front");
    for (int i = 1; i <= 5; i++) {
      assertThat(d.detect(image(TestData.faceapi("sheldon/sheldon" + i + ".png")), d.defaultConfidence()))
          .as("sheldon" + i).hasSize(1);
    }
  }
}
