package io.deepface.onnx;

import io.deepface.testing.conformance.AttributeModelConformanceTest;
import io.deepface.testing.conformance.DetectorConformanceTest;
import io.deepface.testing.conformance.EmbedderConformanceTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/** The backend conformance suite of deepface-api's test jar, run on every component of the onnx backend. */
class OnnxConformanceTest {
  @Nested
  class Detectors extends DetectorConformanceTest {
    @Override
    protected String backend() {
      return OnnxBackend.NAME;
    }

    @Override
    protected List<Detector> detectors() {
      return List.of(new Detector("yunet", Landmarks.FIVE_POINTS, true),
          new Detector("retinaface", Landmarks.FIVE_POINTS, true),
          new Detector("retinaface-yunet", Landmarks.FIVE_POINTS, true),
          new Detector("ultraface", Landmarks.FIVE_POINTS, true),
          // Found by this suite: 0.51 on a flat grey 2000x300 image, above its 0.5 default (its pre-processing is
          // the model's own and is not changed here).
          new Detector("blazeface", Landmarks.EYES_AND_NOSE, true, Set.of(Quirk.FACE_ON_WIDE_BLANK_IMAGE)),
          new Detector("blazeface-front", Landmarks.EYES_AND_NOSE, false));
    }
  }

  @Nested
  class Embedders extends EmbedderConformanceTest {
    @Override
    protected String backend() {
      return OnnxBackend.NAME;
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
      return OnnxBackend.NAME;
    }

    @Override
    protected List<String> models() {
      return STANDARD_MODELS;
    }
  }
}
