package io.deepface.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.image.RgbImage;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RetinaFace's decoding, with a fake runner: output no working network gives is no face, never a crash. */
class RetinaFaceDetectorTest {
  private static final ComponentInfo INFO =
      new ComponentInfo(ComponentKind.DETECTOR, "retinaface", "test", "", List.of());

  /** A runner answering every anchor with {@code value} (loc, landmarks) and {@code score} (face class). */
  private static TensorRunner answering(float value, float score) {
    return new TensorRunner() {
      @Override
      public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        long[] shape = inputs.get("input").shape();
        int priors = RetinaFaceDetector.priorCount((int) shape[3], (int) shape[2]);
        float[] loc = new float[priors * 4];
        float[] conf = new float[priors * 2];
        float[] kps = new float[priors * 10];
        Arrays.fill(loc, value);
        Arrays.fill(kps, value);
        for (int i = 0; i < priors; i++) {
          conf[2 * i + 1] = score;
        }
        return Map.of("loc", Tensor.of(loc, 1, priors, 4), "conf", Tensor.of(conf, 1, priors, 2),
            "iou", Tensor.of(kps, 1, priors, 10));
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void uninitialisedOutputIsNoFace() {
    RgbImage tiny = RgbImage.wrap(31, 17, new byte[31 * 17 * 3]);
    for (float[] garbage : new float[][] {{Float.NaN, 0.99f}, {Float.NEGATIVE_INFINITY, 0.99f}, {1e24f, 0.99f},
        {0, 1e24f}, {0, Float.NaN}}) {
      assertThat(new RetinaFaceDetector(INFO, answering(garbage[0], garbage[1])).detect(tiny, 0.5))
          .as(Arrays.toString(garbage)).isEmpty();
    }
    // Sound output still gives faces.
    assertThat(new RetinaFaceDetector(INFO, answering(0, 0.99f)).detect(tiny, 0.5)).isNotEmpty();
  }
}
