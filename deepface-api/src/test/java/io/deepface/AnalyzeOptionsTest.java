package io.deepface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.analysis.AttributeNotAvailableException;
import io.deepface.analysis.FaceAttribute;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyzeOptionsTest {
  @Test
  void defaultsAreAgeGenderAndEmotionAndEveryActionHasAModel() {
    assertThat(AnalyzeOptions.defaults().actions())
        .containsExactly(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.EMOTION);
    for (FaceAttribute a : FaceAttribute.values()) {
      assertThat(AnalyzeOptions.defaults().modelFor(a)).isEqualTo(AnalyzeOptions.DEFAULT_MODELS.get(a)).isNotBlank();
    }
    assertThat(AnalyzeOptions.of(FaceAttribute.RACE).modelFor(FaceAttribute.RACE)).isEqualTo("gear");
  }

  @Test
  void anActionWithoutAModelFailsWithATypedErrorThatSaysHowToNameOne() {
    AnalyzeOptions o = AnalyzeOptions.builder().actions(FaceAttribute.RACE).models(java.util.Map.of()).build();
    assertThatThrownBy(() -> o.modelFor(FaceAttribute.RACE)).isInstanceOf(AttributeNotAvailableException.class)
        .hasMessageContaining("race").hasMessageContaining("withModel")
        .satisfies(e -> assertThat(((AttributeNotAvailableException) e).attribute()).isEqualTo(FaceAttribute.RACE));
    assertThat(o.withModel(FaceAttribute.RACE, "someones-race").modelFor(FaceAttribute.RACE)).isEqualTo("someones-race");
  }

  @Test
  void actionsParseFromDeepFaceNamesInEnumOrder() {
    assertThat(AnalyzeOptions.parseActions("emotion, AGE,pose,landmarks,eyes,antispoof,gender,race"))
        .containsExactlyInAnyOrder(FaceAttribute.EMOTION, FaceAttribute.AGE, FaceAttribute.POSE,
            FaceAttribute.LANDMARKS, FaceAttribute.EYES, FaceAttribute.SPOOF, FaceAttribute.GENDER, FaceAttribute.RACE);
    assertThat(AnalyzeOptions.parseAction("spoof")).isEqualTo(FaceAttribute.SPOOF);
    assertThat(AnalyzeOptions.of(Set.of(FaceAttribute.POSE, FaceAttribute.AGE)).actions())
        .containsExactly(FaceAttribute.AGE, FaceAttribute.POSE);
    assertThat(AnalyzeOptions.actionName(FaceAttribute.EMOTION)).isEqualTo("emotion");
  }

  @Test
  void badActionListsAreRejected() {
    assertThatThrownBy(() -> AnalyzeOptions.parseActions("age,smile")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smile").hasMessageContaining("emotion");
    assertThatThrownBy(() -> AnalyzeOptions.parseActions(" , ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnalyzeOptions.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void antiSpoofingIsOffByDefaultAndSurvivesToBuilder() {
    assertThat(FaceOptions.defaults().antiSpoofing()).isFalse();
    FaceOptions on = FaceOptions.builder().antiSpoofing(true).build();
    assertThat(on.antiSpoofing()).isTrue();
    assertThat(on.toBuilder().build()).isEqualTo(on);
  }
}
