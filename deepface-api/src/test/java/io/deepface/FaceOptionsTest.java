package io.deepface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaceOptionsTest {
  @Test
  void detectionOptionsDefaultToEveryFaceAtTheDetectorsOwnThreshold() {
    FaceOptions o = FaceOptions.defaults();
    assertThat(o.detector()).isEqualTo(FaceOptions.DEFAULT_DETECTOR);
    assertThat(o.minFaceSize()).isZero();
    assertThat(o.maxFaces()).isEqualTo(Integer.MAX_VALUE);
    assertThat(o.minConfidence()).isEmpty();
  }

  @Test
  void theBuilderSetsAndCopiesTheDetectionOptions() {
    FaceOptions o = FaceOptions.builder().minFaceSize(24).maxFaces(3).minConfidence(0.7).build();
    assertThat(o.minFaceSize()).isEqualTo(24);
    assertThat(o.maxFaces()).isEqualTo(3);
    assertThat(o.minConfidence()).hasValue(0.7);
    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThat(o.toBuilder().minFaceSize(0).build().minFaceSize()).isZero();
  }

  @Test
  void badDetectionOptionsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> FaceOptions.builder().minFaceSize(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minFaceSize must be >= 0 pixels, got -1");
    assertThatThrownBy(() -> FaceOptions.builder().maxFaces(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFaces must be at least 1");
    assertThatThrownBy(() -> FaceOptions.builder().minConfidence(1.5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minConfidence must be in [0, 1]");
  }
}
