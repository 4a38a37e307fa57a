package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.DeepFace;
import io.deepface.FaceAnalysis;
import io.deepface.analysis.FaceAttribute;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The static {@code DeepFace.analyze} overloads, on the shared engine configured from the environment. */
class DeepFaceAnalyzeTest {
  @BeforeAll
  static void modelsFromTheSharedFolder() {
    if (System.getProperty("deepface.model.path") == null) {
      System.setProperty("deepface.model.path", TestData.modelsDir().toString());
    }
  }

  @Test
  void analyzeWithDefaultsGivesAgeGenderAndEmotion() {
    List<FaceAnalysis> faces = DeepFace.analyze(TestData.faceapi("happy.jpg"));
    assertThat(faces).hasSize(1);
    assertThat(faces.get(0).values().keySet())
        .containsExactly(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.EMOTION);
    assertThat(faces.get(0).emotion().dominant()).isEqualTo("happy");
  }

  @Test
  void analyzeWithChosenActions() {
    List<FaceAnalysis> faces = DeepFace.analyze(ImageInput.of(TestData.astronaut()), FaceAttribute.POSE,
        FaceAttribute.EYES);
    assertThat(faces).hasSize(1);
    assertThat(faces.get(0).values().keySet()).containsExactly(FaceAttribute.POSE, FaceAttribute.EYES);
    assertThat(faces.get(0).eyes().isLeftEyeOpen()).isTrue();
  }
}
