package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.List;
import org.junit.jupiter.api.Test;

class YuNetDetectorTest {
  private final FaceDetector yunet = TestEngines.shared().detector("yunet");

  @Test
  void findsTheOneFaceOfAnLfwPhotoWithLandmarksInPlace() {
    RgbImage img = TestEngines.shared().decode(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)));
    List<DetectedFace> faces = yunet.detect(img, yunet.defaultConfidence());
    assertThat(faces).isNotEmpty();
    DetectedFace f = faces.get(0);
    assertThat(f.confidence()).isGreaterThan(0.8);
    // LFW images are centred on the face: the box is around the middle and about 100 px wide.
    assertThat(f.box().center().x()).isBetween(105.0, 145.0);
    assertThat(f.box().center().y()).isBetween(105.0, 150.0);
    assertThat(f.box().width()).isBetween(70.0, 140.0);
    // Subject's right eye appears left of the left eye; eyes above nose above mouth.
    assertThat(f.landmarks().rightEye().x()).isLessThan(f.landmarks().leftEye().x());
    assertThat(f.landmarks().mouthRight().x()).isLessThan(f.landmarks().mouthLeft().x());
    assertThat(f.landmarks().rightEye().y()).isLessThan(f.landmarks().nose().y());
    assertThat(f.landmarks().nose().y()).isLessThan(f.landmarks().mouthLeft().y());
    // Every landmark lies in the box.
    for (var p : f.landmarks().asList()) {
      assertThat(p.x()).isBetween(f.box().x(), f.box().right());
      assertThat(p.y()).isBetween(f.box().y(), f.box().bottom());
    }
  }
}
