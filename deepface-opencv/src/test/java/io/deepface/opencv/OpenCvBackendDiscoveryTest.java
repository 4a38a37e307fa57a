package io.deepface.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.DeepFace;
import io.deepface.ExtractedFace;
import io.deepface.FaceOptions;
import io.deepface.image.ImageInput;
import io.deepface.spi.BackendNotFoundException;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With only deepface-api and deepface-opencv on the classpath (this module's test classpath), the API finds
 * the OpenCV backend through {@link java.util.ServiceLoader} and runs on it alone.
 */
class OpenCvBackendDiscoveryTest {

  @Test
  void serviceLoaderFindsTheOpenCvBackendAndNoOtherRuntime() {
    BackendRegistry registry = BackendRegistry.load();
    assertThat(registry.backends()).extracting(DeepFaceBackend::name).containsExactly("opencv", "builtin");
    assertThat(registry.skipped()).isEmpty();
    DeepFaceBackend opencv = registry.backends().get(0);
    assertThat(opencv).isInstanceOf(OpenCvBackend.class);
    assertThat(opencv.rank()).isEqualTo(20);
  }

  @Test
  void offersItsOwnComponentsAndTheStandardOnesOpenCvDnnRuns() {
    List<ComponentInfo> components = new OpenCvBackend().components();
    assertThat(components).allSatisfy(c -> assertThat(c.backend()).isEqualTo("opencv"));
    assertThat(names(components, ComponentKind.DETECTOR)).containsExactlyInAnyOrder("opencv", "yunet", "retinaface",
        "retinaface-yunet", "ultraface");
    assertThat(names(components, ComponentKind.EMBEDDER)).containsExactlyInAnyOrder("faceplugin-512", "mobilefacenet-128",
        "fusion");
    assertThat(names(components, ComponentKind.ATTRIBUTE)).containsExactlyInAnyOrder("faceplugin-age", "faceplugin-gender",
        "faceplugin-emotion", "faceplugin-pose", "faceplugin-landmarks", "faceplugin-eyes", "minifasnet", "opencv-pose",
        "gear", "faceres", "faceres-deep", "oarriaga-emotion", "oarriaga-gender", "ssrnet-gender", "ssrnet-age",
        "faceapi-age-gender", "faceapi-expression", "faceres-faceapi");
    ComponentInfo yunet = components.stream().filter(c -> c.name().equals("yunet")).findFirst().orElseThrow();
    assertThat(yunet.models()).containsExactly("libfacedetection/yunet_s_640_640.onnx");
  }

  private static List<String> names(List<ComponentInfo> components, ComponentKind kind) {
    return components.stream().filter(c -> c.kind() == kind).map(ComponentInfo::name).toList();
  }

  @Test
  void theEngineBuiltFromTheClasspathUsesOpenCvForTheDefaults() {
    var engine = TestEngines.shared();
    assertThat(engine.registry().select(ComponentKind.DETECTOR, FaceOptions.DEFAULT_DETECTOR).name()).isEqualTo("opencv");
    assertThat(engine.registry().select(ComponentKind.EMBEDDER, FaceOptions.DEFAULT_MODEL).name()).isEqualTo("opencv");
    assertThat(engine.detector("yunet")).isInstanceOf(OpenCvYuNetDetector.class);
    assertThat(engine.detector("opencv")).isInstanceOf(HaarCascadeDetector.class);
  }

  /** The static facade, with its engine from the environment (model path set by the build), works on OpenCV alone. */
  @Test
  void theDeepFaceFacadeRunsOnOpenCvAlone() {
    assertThat(DeepFace.registry().backends()).extracting(DeepFaceBackend::name).contains("opencv").doesNotContain("onnx");
    List<ExtractedFace> faces = DeepFace.extractFaces(TestData.lfw("Aaron_Sorkin", 1));
    assertThat(faces).hasSize(1);
    assertThat(faces.get(0).faceConfidence()).isGreaterThan(0.8);
    List<ExtractedFace> haar = DeepFace.extractFaces(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)),
        FaceOptions.builder().detector("opencv").build());
    assertThat(haar).hasSize(1);
  }

  @Test
  void namingABackendThatIsNotOnTheClasspathFailsLoudly() {
    BackendRegistry onnxOnly = BackendRegistry.load().withPreference(List.of("onnx"));
    assertThatThrownBy(() -> onnxOnly.select(ComponentKind.DETECTOR, "yunet"))
        .isInstanceOf(BackendNotFoundException.class).hasMessageContaining("onnx").hasMessageContaining("opencv");
    assertThat(BackendRegistry.load().withPreference(List.of("opencv")).select(ComponentKind.DETECTOR, "yunet").name())
        .isEqualTo("opencv");
  }
}
