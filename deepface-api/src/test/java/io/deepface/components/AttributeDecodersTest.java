package io.deepface.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.Gender;
import io.deepface.analysis.Race;
import io.deepface.runtime.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeDecodersTest {
  @Test
  void gearGivesTheExpectedAgeGenderAsManWomanAndRace() {
    List<AttributeValue> v = AttributeDecoders.gear(Map.of(
        "Identity", Tensor.of(new float[] {0, 0, 0.5f, 0.5f, 0, 0, 0}, 1, 7),
        "Identity_1", Tensor.of(new float[] {0.2f, 0.8f}, 1, 2),
        "Identity_2", Tensor.of(new float[] {0.1f, 0.1f, 0.6f, 0.1f, 0.1f}, 1, 5)));
    assertThat(((Age) v.get(0)).years()).isCloseTo((28 + 35.5) / 2, within(1e-6));
    assertThat(((Gender) v.get(1)).man()).isCloseTo(20, within(1e-4));
    assertThat(((Race) v.get(2)).dominant()).isEqualTo("asian");
  }

  @Test
  void faceApiExpressionsLandOnDeepFacesLabels() {
    // face-api: neutral, happy, sad, angry, fearful, disgusted, surprised.
    float[] p = {0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.15f, 0.70f};
    Emotion e = (Emotion) AttributeDecoders.faceApiExpressions(Map.of("expressions", Tensor.of(p, 1, 7))).get(0);
    assertThat(e.dominant()).isEqualTo("surprise");
    assertThat(e.scores().get("neutral")).isCloseTo(1, within(1e-4));
    assertThat(e.scores().get("disgust")).isCloseTo(15, within(1e-4));
    assertThat(e.scores().get("fear")).isCloseTo(5, within(1e-4));
  }

  @Test
  void faceResAgeIsTheExpectationOfItsSoftmax() {
    float[] age = new float[100];
    age[30] = 0.5f;
    age[40] = 0.5f;
    List<AttributeValue> v = AttributeDecoders.faceRes(Map.of("age_pred/Softmax", Tensor.of(age, 1, 100),
        "gender_pred/Sigmoid", Tensor.of(new float[] {0.9f}, 1, 1)));
    assertThat(((Age) v.get(0)).years()).isCloseTo(35, within(1e-6));
    assertThat(((Gender) v.get(1)).dominant()).isEqualTo(Gender.MAN);
  }

  @Test
  void aMissingOutputNamesWhatWasThere() {
    assertThatThrownBy(() -> AttributeDecoders.ageYears(Map.of("other", Tensor.of(new float[2], 1, 2)), "Identity"))
        .hasMessageContaining("Identity").hasMessageContaining("other");
  }
}
