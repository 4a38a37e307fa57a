package io.deepface.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.components.YuNetDetector;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The standard components' ONNX graphs through DJL Predictors, and the runners' contracts. */
class DjlRunnerTest {
  private final FaceEngine engine = TestEngines.shared();
  private final ModelRepository repo = TestEngines.repository();

  @Test
  void yunetThroughDjlFindsTheLfwFace() {
    RgbImage img = TestEngines.decode(TestData.lfw("Colin_Powell", 198));
    List<DetectedFace> faces = engine.detector("yunet").detect(img, 0.6);
    assertThat(faces).hasSize(1);
    DetectedFace f = faces.get(0);
    assertThat(f.confidence()).isGreaterThan(0.8);
    assertThat(f.box().center().x()).isBetween(100.0, 150.0);
    assertThat(f.box().width()).isBetween(70.0, 150.0);
    assertThat(f.landmarks().complete()).isTrue();
    assertThat(f.landmarks().rightEye().x()).isLessThan(f.landmarks().leftEye().x());
  }

  /** Calibrated thresholds (the catalog's, measured on ONNX Runtime) decide right on DJL's embeddings. */
  @ParameterizedTest
  @ValueSource(strings = {"faceplugin-512", "mobilefacenet-128"})
  void standardEmbeddersThroughDjlVerifyLfwPairs(String model) {
    FaceOptions o = FaceOptions.builder().model(model).build();
    List<LfwPair> pairs = TestData.lfwPairs().stream().filter(p -> p.fold() == 2).toList();
    for (LfwPair p : List.of(pairs.get(0), pairs.get(1), pairs.get(300), pairs.get(301))) {
      assertThat(engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), o).verified())
          .as(model + " " + p).isEqualTo(p.same());
    }
    assertThat(engine.embedder(model).info().backend()).isEqualTo("djl");
  }

  @Test
  void attributeModelsRunThroughDjl() {
    List<FaceAnalysis> r = engine.analyze(ImageInput.of(TestData.lfw("Colin_Powell", 198)),
        AnalyzeOptions.of(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.POSE), FaceOptions.defaults());
    assertThat(r).hasSize(1);
    assertThat(r.get(0).age().years()).isBetween(35.0, 80.0);
    assertThat(r.get(0).gender().man()).isGreaterThan(50.0);
    assertThat(Math.abs(r.get(0).pose().yaw())).isLessThan(30.0);
  }

  /** DJL returns ONNX outputs unnamed; the runner names them in the graph's order. */
  @Test
  void onnxOutputsAreNamedAsInTheGraph() throws Exception {
    List<String> names = OnnxGraphOutputs.read(repo.resolve(YuNetDetector.MODEL));
    assertThat(names).containsExactly("cls_8", "cls_16", "cls_32", "obj_8", "obj_16", "obj_32", "bbox_8", "bbox_16",
        "bbox_32", "kps_8", "kps_16", "kps_32");
    try (DjlRunner r = DjlRunner.onnx(repo.info(YuNetDetector.MODEL), repo.resolve(YuNetDetector.MODEL), 0)) {
      Map<String, Tensor> out = r.run(Map.of("input", Tensor.of(new float[3 * 64 * 96], 1, 3, 64, 96)));
      assertThat(out.keySet()).containsExactlyElementsOf(names);
      // Each head's cells follow its stride: 8 x 12 cells at stride 8, 2 x 3 at stride 32.
      assertThat(out.get("cls_8").data()).hasSize(8 * 12);
      assertThat(out.get("kps_32").data()).hasSize(2 * 3 * 10);
    }
    assertThat(OnnxGraphOutputs.read(repo.resolve("faceplugin/fr_feature.onnx"))).containsExactly("output");
  }

  @Test
  void aClosedRunnerRefusesCallsAndBadInputsAreNamed() {
    String id = "mobilefacenet/mobilefacenet.onnx";
    DjlRunner r = DjlRunner.onnx(repo.info(id), repo.resolve(id), 1);
    Tensor crop = Tensor.of(new float[3 * 112 * 112], 1, 3, 112, 112);
    assertThat(r.run(Map.of("input", crop)).get("embeddings").data()).hasSize(128);
    assertThatThrownBy(() -> r.run(Map.of("no_such_input", crop))).hasMessageContaining("no_such_input");
    r.close();
    r.close();
    assertThatThrownBy(() -> r.run(Map.of("input", crop))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /**
   * The two ways the backend runs a fixed-shape TFLite graph (DJL Predictor without XNNPACK, the engine's
   * interpreter with it) give the same numbers; a Predictor names a wrong input shape.
   */
  @ParameterizedTest
  @ValueSource(strings = {"expo/MobileFaceNet.tflite", "mediapipe/face_detection_short_range.tflite",
      "mediapipe/face_detection_full_range.tflite"})
  void djlPredictorsAndTheInterpreterAgreeOnTfLiteGraphs(String id) {
    TfLiteSignature sig = TfLiteSignature.read(id, repo.resolve(id));
    long[] shape = sig.inputShapes().get(0);
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] x = new float[n];
    Random rnd = new Random(7);
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextFloat() * 2 - 1;
    }
    Map<String, Tensor> in = Map.of(sig.inputNames().get(0), new Tensor(x, shape));
    try (DjlRunner predictor = DjlRunner.tflite(repo.info(id), repo.resolve(id));
        TfLiteRunner interpreter = TfLiteRunner.open(repo.info(id), repo.resolve(id), 1)) {
      Map<String, Tensor> a = predictor.run(in);
      Map<String, Tensor> b = interpreter.run(in);
      assertThat(a.keySet()).containsExactlyElementsOf(sig.outputNames()).containsExactlyElementsOf(b.keySet());
      for (String k : a.keySet()) {
        assertThat(a.get(k).shape()).isEqualTo(b.get(k).shape());
        float[] u = a.get(k).data();
        float[] v = b.get(k).data();
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < u.length; i++) {
          scale = Math.max(scale, Math.abs(u[i]));
          diff = Math.max(diff, Math.abs(u[i] - v[i]));
        }
        assertThat(diff).as(id + " " + k).isLessThan(1e-3 * Math.max(1, scale));
      }
      long[] wrong = shape.clone();
      wrong[0] = 3;
      Tensor wrongInput = new Tensor(new float[n / (int) shape[0] * 3], wrong);
      assertThatThrownBy(() -> predictor.run(Map.of(sig.inputNames().get(0), wrongInput)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(java.util.Arrays.toString(shape));
    }
  }

  @Test
  void theTfLiteModeSettingPicksTheRunner() {
    String key = DjlBackend.TFLITE_MODE_PROPERTY;
    String before = System.getProperty(key);
    try {
      System.clearProperty(key);
      assertThat(DjlBackend.usePredictor(repo.info(MobileFaceNet192Embedder.MODEL))).isFalse();
      System.setProperty(key, "predictor");
      assertThat(DjlBackend.usePredictor(repo.info(MobileFaceNet192Embedder.MODEL))).isTrue();
      // MTCNN's graphs change shape per call: always the interpreter.
      assertThat(DjlBackend.usePredictor(repo.info(MtcnnDetector.PNET))).isFalse();
      System.setProperty(key, "tensorflow");
      assertThatThrownBy(() -> DjlBackend.usePredictor(repo.info(MobileFaceNet192Embedder.MODEL)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interpreter or predictor");
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  /** The TFLite runner resizes its graph to each call's input: P-Net on two sizes, R-Net on a batch. */
  @Test
  void theInterpreterRunnerResizesInputs() {
    try (TensorRunner pnet = TfLiteRunner.open(repo.info(MtcnnDetector.PNET), repo.resolve(MtcnnDetector.PNET), 1);
        TensorRunner rnet = TfLiteRunner.open(repo.info(MtcnnDetector.RNET), repo.resolve(MtcnnDetector.RNET), 1)) {
      assertThat(pnet.run(Map.of("pnet/input", Tensor.of(new float[40 * 30 * 3], 1, 40, 30, 3))).get("pnet/prob1").shape())
          .containsExactly(1, 15, 10, 2);
      assertThat(pnet.run(Map.of("pnet/input", Tensor.of(new float[24 * 24 * 3], 1, 24, 24, 3))).get("pnet/prob1").shape())
          .containsExactly(1, 7, 7, 2);
      Map<String, Tensor> out = rnet.run(Map.of("rnet/input", Tensor.of(new float[5 * 24 * 24 * 3], 5, 24, 24, 3)));
      assertThat(out.get("rnet/prob1").shape()).containsExactly(5, 2);
      assertThat(out.get("rnet/conv5-2/conv5-2").shape()).containsExactly(5, 4);
      assertThatThrownBy(() -> rnet.run(Map.of("input", Tensor.of(new float[1], 1))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rnet/input");
    }
  }

  @Test
  void embeddingsThroughDjlAreNotConstant() {
    float[] a = engine.represent(ImageInput.of(TestData.lfw("Colin_Powell", 198)), FaceOptions.builder()
        .model("mobilefacenet-128").build()).get(0).embedding();
    float[] b = engine.represent(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)), FaceOptions.builder()
        .model("mobilefacenet-128").build()).get(0).embedding();
    assertThat(DistanceMetric.COSINE.distance(a, b)).isGreaterThan(0.5);
  }
}
