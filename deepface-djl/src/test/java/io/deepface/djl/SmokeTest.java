package io.deepface.djl;

import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void smoke() {
    for (String d : new String[] {"yunet", "mediapipe", "mediapipe-short", "mtcnn"}) {
      FaceDetector det = DjlTestSupport.engine().detector(d);
      for (String f : new String[] {"bbt1.jpg", "bbt4.jpg"}) {
        RgbImage img = DjlTestSupport.image(TestData.faceapi(f));
        long t = System.nanoTime();
        var faces = det.detect(img, det.defaultConfidence());
        System.err.println(d + " " + f + " " + faces.size() + " faces in " + (System.nanoTime() - t) / 1e6 + " ms");
        for (DetectedFace x : faces) System.err.println("   " + x);
      }
    }
    var e = DjlTestSupport.engine().embedder("mobilefacenet-192");
    System.err.println(e.info());
  }
}
