package io.deepface.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options travel to the executors as values and come back as the same face options. */
class SparkFaceOptionsTest {
  @Test
  void faceOptionsSurviveSerialization() throws Exception {
    FaceOptions face = FaceOptions.builder().model("facenet512").detector("yunet").metric(DistanceMetric.EUCLIDEAN_L2)
        .alignment(AlignmentMode.EYES).enforceDetection(false).expandPercentage(10).minConfidence(0.7).maxFaces(3)
        .flip(true).threshold(0.9).faceSize(160).minFaceSize(20).build();
    SparkFaceOptions o = SparkFaceOptions.of(face).withModelPath(List.of("/opt/models")).withThreads(2)
        .withBatchSize(4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    SparkFaceOptions back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (SparkFaceOptions) in.readObject();
    }
    assertThat(back).isEqualTo(o);
    assertThat(back.faceOptions()).isEqualTo(face);
    assertThat(SparkFaceOptions.defaults().faceOptions()).isEqualTo(FaceOptions.defaults());
  }

  @Test
  void badValuesAreRefusedOnTheDriver() {
    assertThatThrownBy(() -> SparkFaceOptions.defaults().withBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> SparkFaceOptions.defaults().withThreads(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    assertThatThrownBy(() -> new SparkFaceOptions.FaceValues("yunet", "fusion", "cosine", "LANDMARKS", true, -1, null,
        1, false, null, 112, false, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expandPercentage");
  }
}
