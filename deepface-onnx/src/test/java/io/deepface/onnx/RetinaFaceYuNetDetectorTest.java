package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.components.RetinaFaceDetector;
import io.deepface.components.RetinaFaceYuNetDetector;
import io.deepface.components.YuNetDetector;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.BackendContext;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default detector, built from its two parts on ONNX Runtime with a count of the calls each model gets. */
class RetinaFaceYuNetDetectorTest {
  private static final ComponentInfo INFO = new ComponentInfo(ComponentKind.DETECTOR, "retinaface-yunet", "onnx",
      "test", List.of());

  private final AtomicInteger retinaFaceCalls = new AtomicInteger();
  private final AtomicInteger yuNetCalls = new AtomicInteger();
  private RetinaFaceDetector retinaFace;
  private YuNetDetector yuNet;
  private RetinaFaceYuNetDetector combined;

  private static TensorRunner counted(String modelId, AtomicInteger calls) {
    ModelRepository repo = TestEngines.repository();
    TensorRunner r = new OnnxBackend().open(repo.info(modelId), repo.resolve(modelId), new BackendContext(repo, 0));
    return new TensorRunner() {
      @Override
      public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        calls.incrementAndGet();
        return r.run(inputs);
      }

      @Override
      public void close() {
        r.close();
      }
    };
  }

  @BeforeEach
  void open() {
    retinaFace = new RetinaFaceDetector(INFO, counted(RetinaFaceDetector.MODEL, retinaFaceCalls),
        RetinaFaceYuNetDetector.SIDE);
    yuNet = new YuNetDetector(INFO, counted(YuNetDetector.MODEL, yuNetCalls), RetinaFaceYuNetDetector.SIDE);
    combined = new RetinaFaceYuNetDetector(INFO, retinaFace, yuNet);
  }

  @AfterEach
  void close() {
    combined.close();
  }

  private static RgbImage image(java.nio.file.Path p) {
    return TestEngines.shared().decode(ImageInput.of(p));
  }

  @Test
  void aPhotoThatFitsIsLeftToRetinaFace() {
    RgbImage img = image(TestData.lfw("Colin_Powell", 198));
    List<DetectedFace> faces = combined.detect(img, combined.defaultConfidence());
    assertThat(yuNetCalls.get()).isZero();
    assertThat(faces).isEqualTo(retinaFace.detect(img, 0.9));
    // A threshold above RetinaFace's own applies to it.
    assertThat(combined.detect(img, 0.99999)).isEqualTo(retinaFace.detect(img, 0.99999));
  }

  @Test
  void aScaledDownPhotoGetsTheSmallFacesYuNetFindsAndRetinaFacesGeometryWhereItHasIt() {
    RgbImage img = image(TestData.datasetsDir()
        .resolve("wider-dev/14--Traffic/14_Traffic_Traffic_14_840.jpg"));
    assertThat(img.width()).isGreaterThan(RetinaFaceYuNetDetector.SIDE);
    List<DetectedFace> faces = combined.detect(img, combined.defaultConfidence());
    assertThat(yuNetCalls.get()).isEqualTo(1);
    assertThat(retinaFaceCalls.get()).isEqualTo(1);
    List<DetectedFace> sure = retinaFace.detect(img, 0.9);
    List<DetectedFace> found = yuNet.detect(img, combined.defaultConfidence());
    assertThat(faces.size()).isGreaterThan(sure.size() + 5);
    // Every face RetinaFace is sure of is there, with its own box and landmarks.
    for (DetectedFace r : sure) {
      assertThat(faces).anySatisfy(f -> {
        assertThat(f.box()).isEqualTo(r.box());
        assertThat(f.landmarks()).isEqualTo(r.landmarks());
      });
    }
    // Every other face is one YuNet found, placed by RetinaFace or by YuNet itself.
    List<DetectedFace> placed = retinaFace.detect(img, 0.5);
    for (DetectedFace f : faces) {
      boolean fromRetinaFace = placed.stream()
          .anyMatch(r -> r.box().equals(f.box()) && r.landmarks().equals(f.landmarks()));
      boolean fromYuNet = found.stream().anyMatch(y -> y.box().equals(f.box()) && y.landmarks().equals(f.landmarks()));
      assertThat(fromRetinaFace || fromYuNet).as(f.toString()).isTrue();
    }
    assertThat(faces).isSortedAccordingTo(java.util.Comparator.comparingDouble(DetectedFace::confidence).reversed());
  }

  @Test
  void bothPartsMustSeeTheSameImage() {
    try (RetinaFaceDetector wide = new RetinaFaceDetector(INFO, counted(RetinaFaceDetector.MODEL, retinaFaceCalls))) {
      assertThatThrownBy(() -> new RetinaFaceYuNetDetector(INFO, wide, yuNet))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must scale photos to 640 pixels, got 1024");
    }
    TensorRunner unused = counted(YuNetDetector.MODEL, yuNetCalls);
    assertThatThrownBy(() -> new YuNetDetector(INFO, unused, 16)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSide must be at least 32, got 16");
    unused.close();
  }
}
