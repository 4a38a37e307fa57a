package io.deepface.benchmarks.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bare baselines replay exactly the model calls the pipeline makes, captured from a real run. */
class ModelCallsTest {
  @Test
  void verifyCallsTheDetectorPerPhotoAndEmbedsBothFacesInOneCall() {
    Map<String, List<String>> calls = ModelCalls.labels(List.of(Scenarios.VERIFY, Scenarios.ANALYZE, "embed-fusion-8"));
    // verify embeds both photos' faces in one embedder call: MobileFaceNet takes them as one batch. The photos, and the
    // fused embedder's two models, run at once on several cores, so the calls' order varies: compare them sorted.
    assertThat(SpeedReport.summarise(sorted(calls.get(Scenarios.VERIFY)))).isEqualTo("2x fr_feature [1, 3, 112, 112], "
        + "1x mobilefacenet [2, 3, 112, 112], 2x retinaface_mbnet0.25 [1, 3, 256, 256]");
    // analyze: one model for age and gender (two graphs, each on the face and then its mirror image), one for emotion.
    assertThat(calls.get(Scenarios.ANALYZE)).containsExactly("retinaface_mbnet0.25 [1, 3, 256, 256]",
        "faceres-deep [1, 224, 224, 3]", "faceres-deep [1, 224, 224, 3]", "age_gender_model [1, 112, 112, 3]",
        "age_gender_model [1, 112, 112, 3]", "face_expression_model [1, 112, 112, 3]",
        "face_expression_model [1, 112, 112, 3]");
    // faceplugin's graph takes one face per run, MobileFaceNet's a batch.
    assertThat(SpeedReport.summarise(sorted(calls.get("embed-fusion-8")))).isEqualTo("8x fr_feature [1, 3, 112, 112], "
        + "1x mobilefacenet [8, 3, 112, 112]");
  }

  private static List<String> sorted(List<String> labels) {
    return labels.stream().sorted().toList();
  }

  @Test
  void replaysThePreparedCallsOnBareSessions() {
    try (ModelCalls calls = ModelCalls.captureOne("verify:fr_feature")) {
      assertThat(calls.labels()).containsExactly("fr_feature [1, 3, 112, 112]");
      assertThat(calls.runAll()).isEqualTo(1);
    }
  }
}
