package io.deepface.opencv;

import io.deepface.testing.conformance.AttributeModelConformanceTest;
import io.deepface.testing.conformance.DetectorConformanceTest;
import io.deepface.testing.conformance.EmbedderConformanceTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/**
 * The backend conformance suite of deepface-api's test jar, run on the opencv backend's components: the standard
 * ones it runs in OpenCV DNN and its own {@code yunet} and {@code opencv-pose}. The Haar {@code opencv} detector
 * promises less (no nose or mouth, frontal faces only) and is tested in {@link OpenCvDetectorsTest}.
 */
class OpenCvConformanceTest {
  @Nested
  class Detectors extends DetectorConformanceTest {
    @Override
    protected String backend() {
      return OpenCvBackend.NAME;
    }

    @Override
    protected List<Detector> detectors() {
      return List.of(new Detector("yunet", Landmarks.FIVE_POINTS, true),
          // Found by this suite: OpenCV DNN returns garbage for RetinaFace on a 31x17 input (a zero-size box at 1e24
          // with confidence 1); the engine's clamping drops it. ONNX Runtime runs the same graph correctly.
          new Detector("retinaface", Landmarks.FIVE_POINTS, true, Set.of(Quirk.GARBAGE_ON_TINY_IMAGE)),
          new Detector("ultraface", Landmarks.FIVE_POINTS, true));
    }
  }

  @Nested
  class Embedders extends EmbedderConformanceTest {
    @Override
    protected String backend() {
      return OpenCvBackend.NAME;
    }

    @Override
    protected List<String> embedders() {
      return List.of("faceplugin-512", "mobilefacenet-128", "fusion");
    }
  }

  @Nested
  class AttributeModels extends AttributeModelConformanceTest {
    @Override
    protected String backend() {
      return OpenCvBackend.NAME;
    }

    @Override
    protected List<String> models() {
      return List.of("faceplugin-age", "faceplugin-gender", "faceplugin-emotion", "faceplugin-pose",
          "faceplugin-landmarks", "faceplugin-eyes", "minifasnet", OpenCvBackend.POSE_MODEL);
    }
  }
}
