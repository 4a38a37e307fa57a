package io.deepface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.align.AlignmentMode;
import io.deepface.analysis.FaceAttribute;
import io.deepface.find.FindOptions;
import io.deepface.image.ImageLimits;
import io.deepface.verify.DistanceMetric;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Option types are built only through their builders, so that a new option never breaks a caller. */
class OptionTypesTest {

  @ParameterizedTest
  @ValueSource(classes = {FaceOptions.class, AnalyzeOptions.class, FindOptions.class, ImageLimits.class,
      io.deepface.calibrate.CalibrationOptions.class, io.deepface.adapt.TrainingOptions.class})
  void optionTypesHaveNoPublicConstructorAndAreNotRecords(Class<?> type) {
    assertThat(type.isRecord()).as("a record's canonical constructor is public API").isFalse();
    assertThat(Arrays.stream(type.getDeclaredConstructors()).filter(c -> Modifier.isPublic(c.getModifiers())))
        .isEmpty();
    assertThat(Modifier.isFinal(type.getModifiers())).isTrue();
  }

  @Test
  void faceOptionsRoundTripThroughTheirBuilder() {
    FaceOptions o = FaceOptions.builder().detector("yunet").model("mobilefacenet-128").metric(DistanceMetric.ANGULAR)
        .alignment(AlignmentMode.EYES).enforceDetection(false).expandPercentage(10).minConfidence(0.4).maxFaces(3)
        .flip(true).threshold(0.3).faceSize(160).antiSpoofing(true).build();
    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o).isNotEqualTo(FaceOptions.defaults());
    assertThat(o.minConfidence()).isEqualTo(OptionalDouble.of(0.4));
    assertThat(o.threshold()).isEqualTo(OptionalDouble.of(0.3));
    assertThat(o.toString()).contains("detector=yunet", "threshold=OptionalDouble[0.3]");
  }

  @Test
  void anUnsetThresholdOrMinimumConfidenceIsEmptyNotNaN() {
    assertThat(FaceOptions.defaults().threshold()).isEmpty();
    assertThat(FaceOptions.defaults().minConfidence()).isEmpty();
    FaceOptions set = FaceOptions.builder().threshold(0.5).minConfidence(0.9).build();
    FaceOptions cleared = set.toBuilder().calibratedThreshold().detectorDefaultConfidence().build();
    assertThat(cleared).isEqualTo(FaceOptions.defaults());
    assertThatThrownBy(() -> FaceOptions.builder().threshold(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    assertThatThrownBy(() -> FaceOptions.builder().minConfidence(1.5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minConfidence");
  }

  @Test
  void findOptionsRoundTripAndKeepTheirFaceOptions() {
    FindOptions o = FindOptions.builder().model("mobilefacenet-128").threshold(0.4).topK(5).refresh(false)
        .store("hnsw").approximateAbove(10).storeProperties(Map.of("m", "8")).threads(3).batchSize(4).build();
    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
    assertThat(o.face().model()).isEqualTo("mobilefacenet-128");
    assertThat(o.face().threshold()).hasValue(0.4);
    assertThatThrownBy(() -> FindOptions.builder().topK(-1).build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void analyzeOptionsComeFromTheirBuilderOrTheStaticFactories() {
    AnalyzeOptions built = AnalyzeOptions.builder().actions(FaceAttribute.AGE, FaceAttribute.POSE)
        .model(FaceAttribute.POSE, "opencv-pose").build();
    assertThat(built).isEqualTo(AnalyzeOptions.of(FaceAttribute.AGE, FaceAttribute.POSE)
        .withModel(FaceAttribute.POSE, "opencv-pose"));
    assertThat(built.toBuilder().build()).isEqualTo(built);
    assertThat(AnalyzeOptions.builder().build()).isEqualTo(AnalyzeOptions.defaults());
    assertThatThrownBy(() -> AnalyzeOptions.builder().actions().build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void imageLimitsComeFromTheirBuilderOrTheDefaults() {
    ImageLimits l = ImageLimits.builder().maxPixels(1000).maxBytes(2000).build();
    assertThat(l).isEqualTo(ImageLimits.defaults().withMaxPixels(1000).withMaxBytes(2000));
    assertThatThrownBy(() -> ImageLimits.builder().maxPixels(0).build()).isInstanceOf(IllegalArgumentException.class);
  }
}
