package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.components.RetinaFaceDetector;
import io.deepface.components.StandardComponents;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelCatalog;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The onnx backend's runner: input buffers reused across calls, and kept apart between concurrent calls. */
class OnnxRunnerTest {
  private static TensorRunner open(String modelId) {
    return new OnnxBackend().open(ModelCatalog.builtin().require(modelId), TestEngines.repository().resolve(modelId),
        TestEngines.context());
  }

  private static List<Tensor> faceTensors() {
    List<Tensor> out = new ArrayList<>();
    for (String name : List.of("Aaron_Sorkin", "Abdoulaye_Wade", "Abel_Pacheco", "Adam_Sandler")) {
      RgbImage img = TestEngines.decode(TestData.lfw(name, 1));
      DetectedFace f = TestEngines.shared().detectFaces(ImageInput.of(img, name), FaceOptions.defaults()).get(0);
      RgbImage crop = FaceAligner.crop(img, f, StandardComponents.FACEPLUGIN_512.alignment(), AlignmentMode.LANDMARKS);
      out.add(ImageTensors.nchw(List.of(crop), ImageTensors.ChannelOrder.RGB, ImageTensors.all(127f),
          ImageTensors.all(128f)));
    }
    return out;
  }

  @Test
  void concurrentCallsGetTheSameEmbeddingsAsLoneCalls() throws Exception {
    List<Tensor> inputs = faceTensors();
    try (TensorRunner runner = open(StandardComponents.FACEPLUGIN_512.modelId())) {
      List<float[]> alone = new ArrayList<>();
      for (Tensor t : inputs) {
        alone.add(runner.run(Map.of("input", t)).values().iterator().next().data());
      }
      concurrently(runner, inputs, alone); // each call in flight fills its own pooled input buffers
    }
  }

  /** Eight threads embedding the faces at once; every result as the lone call's (cosine >= 0.99999). */
  private static void concurrently(TensorRunner runner, List<Tensor> inputs, List<float[]> alone) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Double>> worst = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int first = t;
        worst.add(pool.submit(() -> {
          double lowest = 1;
          for (int i = 0; i < 12; i++) {
            int k = (first + i) % inputs.size();
            float[] v = runner.run(Map.of("input", inputs.get(k))).values().iterator().next().data();
            lowest = Math.min(lowest, 1 - DistanceMetric.COSINE.distance(v, alone.get(k)));
          }
          return lowest;
        }));
      }
      for (Future<Double> w : worst) {
        assertThat(w.get()).isGreaterThanOrEqualTo(0.99999);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void inputsOfChangingSizeGiveWhatAFreshRunnerGives() {
    RgbImage photo = TestEngines.decode(TestData.lfw("Aaron_Sorkin", 1));
    Tensor small = ImageTensors.nchw(List.of(ImageOps.padTo(photo, 256, 256)), ImageTensors.ChannelOrder.BGR,
        new float[] {104f, 117f, 123f}, ImageTensors.all(1));
    Tensor large = ImageTensors.nchw(List.of(ImageOps.padTo(photo, 320, 288)), ImageTensors.ChannelOrder.BGR,
        new float[] {104f, 117f, 123f}, ImageTensors.all(1));
    float[] expected;
    try (TensorRunner fresh = open(RetinaFaceDetector.MODEL)) {
      expected = fresh.run(Map.of("input", small)).get("conf").data();
    }
    try (TensorRunner reused = open(RetinaFaceDetector.MODEL)) {
      reused.run(Map.of("input", small));
      reused.run(Map.of("input", large)); // grows the kept buffer
      float[] again = reused.run(Map.of("input", small)).get("conf").data(); // a smaller input in the larger buffer
      assertThat(again).containsExactly(expected);
    }
  }
}
