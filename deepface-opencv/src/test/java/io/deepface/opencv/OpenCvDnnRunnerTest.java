package io.deepface.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.components.StandardComponents;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.model.ModelRepository;
import io.deepface.runtime.Tensor;
import io.deepface.spi.ComponentKind;
import io.deepface.testing.TestEngines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real ONNX models in OpenCV DNN: which import, how failures are reported, batches, threads and close. */
class OpenCvDnnRunnerTest {
  private static final ModelRepository MODELS = TestEngines.repository();

  private static OpenCvDnnRunner open(String id, int instances) {
    ModelInfo info = MODELS.info(id);
    return OpenCvDnnRunner.open(info, MODELS.resolve(id), instances);
  }

  /** Every model file of the standard components this backend offers imports and runs in OpenCV DNN. */
  @Test
  void everyModelOfTheOfferedStandardComponentsLoads() {
    Set<String> ids = new TreeSet<>();
    new OpenCvBackend().definitions().forEach(d -> ids.addAll(d.models()));
    assertThat(ids).contains("libfacedetection/retinaface_mbnet0.25.onnx", "faceplugin/fr_feature.onnx",
        "mobilefacenet/mobilefacenet.onnx", "anti-spoofing/MiniFASNetV2.onnx");
    for (String id : ids) {
      try (OpenCvDnnRunner r = open(id, 1)) {
        // Graphs that apply Shape to a symbolic input dimension are imported with it fixed.
        boolean dynamic = id.equals("libfacedetection/retinaface_mbnet0.25.onnx")
            || id.equals("mobilefacenet/mobilefacenet.onnx") || id.equals("libfacedetection/yunet_n_dynamic.onnx");
        assertThat(r.inputShapesFixed()).as(id).isEqualTo(dynamic);
      }
    }
  }

  /** The standard components left out are left out for a reason: OpenCV DNN cannot run BlazeFace. */
  @ParameterizedTest
  @ValueSource(strings = {"blazeface-onnx/face_detection_back_256x256_barracuda.onnx",
      "blazeface-onnx/face_detection_front_128x128_barracuda.onnx"})
  void aGraphOpenCvCannotRunFailsAtLoadNamingTheModel(String id) {
    assertThatThrownBy(() -> open(id, 1)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(id).hasMessageContaining("cannot run")
        .satisfies(e -> assertThat(((ModelLoadException) e).modelId()).isEqualTo(id));
    assertThat(new OpenCvBackend().components()).noneMatch(c -> c.name().startsWith("blazeface"));
    assertThat(StandardComponents.find(ComponentKind.DETECTOR, "blazeface")).isPresent();
  }

  @Test
  void aFileThatIsNotOnnxIsAModelLoadException() {
    assertThatThrownBy(() -> open("expo/MobileFaceNet.tflite", 1)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("expo/MobileFaceNet.tflite");
  }

  /** YuNet's dynamic export only imports with fixed input dimensions, and then still runs other sizes. */
  @Test
  void aGraphWithSymbolicInputsImportsWithFixedShapesAndRunsAnySize() {
    try (OpenCvDnnRunner r = open("libfacedetection/yunet_n_dynamic.onnx", 1)) {
      assertThat(r.inputShapesFixed()).isTrue();
      for (int[] hw : new int[][] {{256, 256}, {480, 640}, {352, 224}}) {
        int cells8 = (hw[0] / 8) * (hw[1] / 8);
        Map<String, Tensor> out = r.run(Map.of("input", Tensor.of(new float[3 * hw[0] * hw[1]], 1, 3, hw[0], hw[1])));
        assertThat(out).containsKeys("cls_8", "obj_16", "bbox_32", "kps_8");
        assertThat(out.get("cls_8").data()).hasSize(cells8);
        assertThat(out.get("kps_8").data()).hasSize(cells8 * 10);
      }
    }
  }

  /**
   * A batch of faces gives each face's own embedding, in order. (OpenCV folds MobileFaceNet's last Reshape
   * for a batch of one, so the batch comes back as one row of 3 x 128 values rather than 3 rows: the values
   * and their order are right, which is what the embedders read.)
   */
  @Test
  void runsBatches() {
    try (OpenCvDnnRunner r = open("mobilefacenet/mobilefacenet.onnx", 1)) {
      float[][] faces = {random(1), random(2), random(3)};
      float[] batch = new float[3 * faces[0].length];
      for (int i = 0; i < 3; i++) {
        System.arraycopy(faces[i], 0, batch, i * faces[i].length, faces[i].length);
      }
      Tensor out = r.run(Map.of("input", Tensor.of(batch, 3, 3, 112, 112))).get("embeddings");
      assertThat(out.data()).hasSize(3 * 128);
      for (int i = 0; i < 3; i++) {
        float[] single = r.run(Map.of("input", Tensor.of(faces[i], 1, 3, 112, 112))).get("embeddings").data();
        float[] fromBatch = Arrays.copyOfRange(out.data(), i * 128, (i + 1) * 128);
        for (int k = 0; k < 128; k++) {
          assertThat(fromBatch[k]).isCloseTo(single[k], org.assertj.core.api.Assertions.within(1e-4f));
        }
      }
    }
  }

  private static float[] random(long seed) {
    Random rnd = new Random(seed);
    float[] v = new float[3 * 112 * 112];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  @Test
  void anUnknownInputNameIsRefused() {
    try (OpenCvDnnRunner r = open("faceplugin/fr_eye.onnx", 1)) {
      assertThatThrownBy(() -> r.run(Map.of("image", Tensor.of(new float[24 * 24], 1, 1, 24, 24))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image").hasMessageContaining("input");
    }
  }

  /**
   * Several threads on one runner with a pool of two Nets: every call gets the answer it gets alone, and no
   * more than two Nets are ever made.
   */
  @Test
  void manyThreadsShareOneRunnerThroughItsPoolOfNets() throws Exception {
    try (OpenCvDnnRunner r = open("mobilefacenet/mobilefacenet.onnx", 2)) {
      int n = 6;
      float[][] expected = new float[n][];
      for (int i = 0; i < n; i++) {
        expected[i] = r.run(Map.of("input", Tensor.of(random(i), 1, 3, 112, 112))).get("embeddings").data();
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
          int i = k % n;
          results.add(pool.submit(() -> {
            float[] got = r.run(Map.of("input", Tensor.of(random(i), 1, 3, 112, 112))).get("embeddings").data();
            return Arrays.equals(got, expected[i]);
          }));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(r.instances()).isBetween(1, 2);
    }
  }

  @Test
  void aClosedRunnerRefusesCalls() {
    OpenCvDnnRunner r = open("faceplugin/fr_eye.onnx", 1);
    r.close();
    r.close();
    assertThatThrownBy(() -> r.run(Map.of("input", Tensor.of(new float[24 * 24], 1, 1, 24, 24))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
