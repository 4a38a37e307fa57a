package io.deepface.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.FaceAnalysis;
import io.deepface.FacialArea;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {
  @Test
  void emotionPercentagesSumTo100InDeepFaceOrder() {
    Emotion e = Emotion.fromProbabilities(new double[] {0.1, 0.0, 0.05, 0.6, 0.05, 0.1, 0.1});
    assertThat(e.scores().keySet()).containsExactlyElementsOf(Emotion.LABELS);
    assertThat(e.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(100, within(1e-9));
    assertThat(e.dominant()).isEqualTo("happy");
    assertThatThrownBy(() -> Emotion.fromProbabilities(new double[3])).isInstanceOf(IllegalArgumentException.class);
    java.util.Map<String, Double> bad = new java.util.HashMap<>(e.scores());
    bad.put("sad", Double.NaN);
    assertThatThrownBy(() -> new Emotion(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sad");
  }

  @Test
  void ageAndGenderReportAsDeepFaceDoes() {
    assertThat(new Age(41.97).deepFaceAge()).isEqualTo(41);
    assertThat(new Gender(70, 30).dominant()).isEqualTo(Gender.WOMAN);
    assertThat(new Gender(30, 70).dominant()).isEqualTo(Gender.MAN);
    assertThatThrownBy(() -> new Gender(120, -20)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Age(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void raceIsPercentagesOverTheModelsOwnClasses() {
    Race r = Race.fromProbabilities(java.util.List.of("white", "black", "asian", "indian", "other"),
        new double[] {0.1, 0.2, 1.2, 0.3, 0.2});
    assertThat(r.scores().keySet()).containsExactly("white", "black", "asian", "indian", "other");
    assertThat(r.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(100, within(1e-9));
    assertThat(r.scores().get("asian")).isCloseTo(60, within(1e-9));
    assertThat(r.dominant()).isEqualTo("asian");
    assertThat(r.attribute()).isEqualTo(FaceAttribute.RACE);
    assertThatThrownBy(() -> Race.fromProbabilities(java.util.List.of("a", "b"), new double[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Race(Map.of("white", 120.0))).hasMessageContaining("white");
    assertThatThrownBy(() -> new Race(Map.of())).isInstanceOf(IllegalArgumentException.class);
    FacialArea region = new FacialArea(1, 2, 3, 4, null, null, null, null, null);
    assertThat(new FaceAnalysis(region, 0.9, Map.of(FaceAttribute.RACE, r)).race()).isEqualTo(r);
  }

  @Test
  void faceAnalysisKeepsEachValueUnderItsOwnAttribute() {
    FacialArea region = new FacialArea(1, 2, 3, 4, null, null, null, null, null);
    FaceAnalysis f = new FaceAnalysis(region, 0.9, Map.of(FaceAttribute.AGE, new Age(30)));
    assertThat(f.age().years()).isEqualTo(30);
    assertThat(f.gender()).isNull();
    assertThat(f.value(FaceAttribute.AGE)).isEqualTo(new Age(30));
    assertThatThrownBy(() -> new FaceAnalysis(region, 0.9, Map.of(FaceAttribute.GENDER, new Age(30))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
