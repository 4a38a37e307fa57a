package io.deepface.djl;

import io.deepface.testing.conformance.AttributeModelConformanceTest;
import io.deepface.testing.conformance.DetectorConformanceTest;
import io.deepface.testing.conformance.EmbedderConformanceTest;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The backend conformance suite of deepface-api's test jar, run on the djl backend's components: its own TFLite
 * ones and the standard ones it runs on DJL's ONNX Runtime engine (only deepface-api and deepface-djl are on this
 * module's test classpath, so every component comes from the djl backend).
 */
class DjlConformanceTest {
  @Nested
  class Detectors extends DetectorConformanceTest {
    @Override
    protected String backend() {
      return DjlBackend.NAME;
    }

    @Override
    protected List<Detector> detectors() {
      return List.of(new Detector("mediapipe", Landmarks.EYES_AND_NOSE, true),
          new Detector("mediapipe-short", Landmarks.EYES_AND_NOSE, false),
          new Detector("mtcnn", Landmarks.FIVE_POINTS, true),
          new Detector("retinaface", Landmarks.FIVE_POINTS, true),
          new Detector("retinaface-yunet", Landmarks.FIVE_POINTS, true));
    }
  }

  @Nested
  class Embedders extends EmbedderConformanceTest {
    @Override
    protected String backend() {
      return DjlBackend.NAME;
    }

    @Override
    protected List<String> embedders() {
      return List.of("mobilefacenet-192", "fusion-3", "faceplugin-512", "mobilefacenet-128");
    }
  }

  @Nested
  class AttributeModels extends AttributeModelConformanceTest {
    @Override
    protected String backend() {
      return DjlBackend.NAME;
    }

    @Override
    protected List<String> models() {
      return STANDARD_MODELS;
    }
  }
}
