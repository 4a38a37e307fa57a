package io.deepface.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.align.AlignmentMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdProfileTest {
  @TempDir
  Path dir;

  private static ThresholdProfile profile() {
    return new ThresholdProfile("fusion", "retinaface", AlignmentMode.LANDMARKS, false,
        List.of(new ThresholdProfile.Entry(DistanceMetric.COSINE, 0.55, 12.5, "best accuracy", 0.991, 0.004),
            new ThresholdProfile.Entry(DistanceMetric.EUCLIDEAN_L2, 1.05, 9, "FAR 1e-03", Double.NaN, Double.NaN)),
        "staff photos: 40 same, 400 different pairs");
  }

  @Test
  void aSavedProfileLoadsAsItWasAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("sub/profile.json");
    profile().save(file);
    assertThat(ThresholdProfile.load(file)).isEqualTo(profile());
    assertThat(Files.readString(file)).contains("\"format\" : \"deepface-threshold-profile\"", "\"metric\" : \"cosine\"",
        "\"alignment\" : \"landmarks\"");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    assertThat(profile().entry(DistanceMetric.ANGULAR)).isEmpty();
    assertThat(profile().appliesTo("fusion", "retinaface", AlignmentMode.LANDMARKS, false)).isTrue();
    assertThat(profile().appliesTo("fusion", "yunet", AlignmentMode.LANDMARKS, false)).isFalse();
    assertThat(profile().appliesTo("fusion", "retinaface", AlignmentMode.LANDMARKS, true)).isFalse();
  }

  @Test
  void aMissingCorruptOrForeignFileIsRefusedNamingTheFile() throws Exception {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> ThresholdProfile.load(missing)).isInstanceOf(ThresholdProfileException.class)
        .hasMessageContaining("nope.json").hasMessageContaining("does not exist");
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"format\": \"deepface-threshold-pro");
    assertThatThrownBy(() -> ThresholdProfile.load(garbage)).isInstanceOf(ThresholdProfileException.class)
        .hasMessageContaining("garbage.json").hasMessageContaining("not valid JSON");
    Path foreign = Files.writeString(dir.resolve("foreign.json"), "{\"threshold\": 0.4}");
    assertThatThrownBy(() -> ThresholdProfile.load(foreign)).isInstanceOf(ThresholdProfileException.class)
        .hasMessageContaining("\"format\" must be");
    String good = profile().toJson();
    Path newer = Files.writeString(dir.resolve("newer.json"), good.replace("\"version\" : 1", "\"version\" : 7"));
    assertThatThrownBy(() -> ThresholdProfile.load(newer)).hasMessageContaining("version 7 is not supported");
    Path negative = Files.writeString(dir.resolve("negative.json"), good.replace("0.55", "-0.55"));
    assertThatThrownBy(() -> ThresholdProfile.load(negative)).isInstanceOf(ThresholdProfileException.class)
        .hasMessageContaining("threshold must be finite and >= 0");
    Path noMetric = Files.writeString(dir.resolve("nometric.json"), good.replace("\"cosine\"", "\"manhattan\""));
    assertThatThrownBy(() -> ThresholdProfile.load(noMetric)).isInstanceOf(ThresholdProfileException.class)
        .hasMessageContaining("manhattan");
  }

  @Test
  void aProfileNeedsDistinctMetrics() {
    ThresholdProfile.Entry e = new ThresholdProfile.Entry(DistanceMetric.COSINE, 0.5, 10, "best accuracy", 1, 0);
    assertThatThrownBy(() -> new ThresholdProfile("fusion", "retinaface", AlignmentMode.LANDMARKS, false,
        List.of(e, e), "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(profile().with(e.withThreshold(0.3, "manual")).entry(DistanceMetric.COSINE)).get()
        .extracting(ThresholdProfile.Entry::threshold).isEqualTo(0.3);
  }
}
