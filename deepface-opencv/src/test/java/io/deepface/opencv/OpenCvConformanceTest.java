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
      // Found by this suite: OpenCV DNN returns uninitialised memory for a 31x17 input (boxes at 1e24, infinities,
      // scores of 1e24), with its own FaceDetectorYN as with RetinaFace; both detectors now drop what no working
      // network gives, and the engine's clamping drops the degenerate boxes left. ONNX Runtime is not affected.
      return List.of(new Detector("yunet", Landmarks.FIVE_POINTS, true, Set.of(Quirk.GARBAGE_ON_TINY_IMAGE)),
          new Detector("retinaface", Landmarks.FIVE_POINTS, true, Set.of(Quirk.GARBAGE_ON_TINY_IMAGE)),
          new Detector("retinaface-yunet", Landmarks.FIVE_POINTS, true, Set.of(Quirk.GARBAGE_ON_TINY_IMAGE)),
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
      List<String> all = new java.util.ArrayList<>(STANDARD_MODELS);
      all.add(OpenCvBackend.POSE_MODEL);
      return all;
    }
  }
}
