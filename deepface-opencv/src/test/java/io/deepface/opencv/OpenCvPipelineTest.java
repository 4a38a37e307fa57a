package io.deepface.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.VerifyResult;
import io.deepface.analysis.FaceAttribute;
import io.deepface.image.ImageInput;
import io.deepface.spi.BackendRegistry;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Representation, verification and analysis end to end on the OpenCV backend alone, with real models. */
class OpenCvPipelineTest {
  private final FaceEngine engine = TestEngines.shared();

  private static List<LfwPair> fold1(boolean same, int n) {
    return TestData.lfwPairs().stream().filter(p -> p.fold() == 1 && p.same() == same).limit(n).toList();
  }

  @ParameterizedTest(name = "{0} gives {1} values")
  @CsvSource({"faceplugin-512, 512", "mobilefacenet-128, 128", "fusion, 640"})
  void everyStandardEmbedderRunsAndTellsPeopleApart(String model, int dimension) {
    FaceOptions o = FaceOptions.builder().model(model).build();
    float[] a = engine.represent(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)), o).get(0).embedding();
    float[] b = engine.represent(ImageInput.of(TestData.lfw("Aaron_Sorkin", 2)), o).get(0).embedding();
    float[] c = engine.represent(ImageInput.of(TestData.lfw("Colin_Powell", 198)), o).get(0).embedding();
    assertThat(a).hasSize(dimension);
    double same = o.metric().distance(a, b);
    double other = o.metric().distance(a, c);
    assertThat(same).as(model).isLessThan(other - 0.2);
  }

  /**
   * A few LFW pairs through the OpenCV backend alone with the default options (the default detector and the
   * fused embedder, all in OpenCV), with the thresholds calibrated on the ONNX backend: every decision is right;
   * and the same with OpenCV's own FaceDetectorYN as the detector.
   */
  @Test
  void verifiesLfwPairsRight() {
    List<LfwPair> pairs = new ArrayList<>(fold1(true, 4));
    pairs.addAll(fold1(false, 4));
    for (FaceOptions o : List.of(FaceOptions.defaults(), FaceOptions.builder().detector("yunet").build())) {
      for (LfwPair p : pairs) {
        VerifyResult r = engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), o);
        assertThat(r.verified()).as(o.detector() + " " + p).isEqualTo(p.same());
        assertThat(r.detector()).isEqualTo(o.detector());
      }
    }
  }

  /** DeepFace's own default pairing: the Haar detector with eye alignment also decides these pairs right. */
  @Test
  void verifiesWithTheHaarDetector() {
    FaceOptions o = FaceOptions.builder().detector("opencv").model("mobilefacenet-128").build();
    for (LfwPair p : List.of(fold1(true, 2).get(1), fold1(false, 2).get(1))) {
      assertThat(engine.verify(ImageInput.of(p.first()), ImageInput.of(p.second()), o).verified()).as(p.toString())
          .isEqualTo(p.same());
    }
  }

  /**
   * Every analysis action runs in OpenCV DNN on the astronaut (Eileen Collins, in her 40s then), with plausible
   * answers (the TF.js-converted age, gender, race and expression models included; the parity tests in
   * deepface-benchmarks check that OpenCV gives ONNX Runtime's values).
   */
  @Test
  void analysesEveryActionOnOpenCv() {
    AnalyzeOptions all = AnalyzeOptions.of(EnumSet.allOf(FaceAttribute.class));
    List<FaceAnalysis> faces = engine.analyze(ImageInput.of(TestData.astronaut()), all, FaceOptions.defaults());
    assertThat(faces).hasSize(1);
    FaceAnalysis f = faces.get(0);
    assertThat(f.gender().dominant()).isEqualTo("Woman");
    assertThat(f.age().years()).isBetween(30.0, 54.0);
    assertThat(f.race().scores()).hasSize(5);
    assertThat(f.emotion().dominant()).isEqualTo("happy");
    assertThat(f.antiSpoof().realProbability()).isBetween(0.0, 1.0);
    assertThat(f.eyes().isRightEyeOpen()).isTrue();
    assertThat(f.eyes().isLeftEyeOpen()).isTrue();
    assertThat(f.landmarks().points()).hasSize(68);
    assertThat(Math.abs(f.pose().yaw())).isLessThan(30);
    // A real photograph that the anti-spoofing models score real on ONNX Runtime scores real here too.
    FaceAnalysis sad = engine.analyze(ImageInput.of(TestData.faceapi("sad.jpg")), AnalyzeOptions.of(FaceAttribute.SPOOF),
        FaceOptions.defaults()).get(0);
    assertThat(sad.antiSpoof().isReal()).isTrue();
  }

  /**
   * One engine shared by four threads, with two copies of each OpenCV model allowed: every thread gets the
   * embeddings that one thread alone gets.
   */
  @Test
  void oneEngineServesManyThreads() throws Exception {
    String old = System.getProperty("deepface.opencv.instances");
    System.setProperty("deepface.opencv.instances", "2");
    try (FaceEngine shared = FaceEngine.builder().registry(BackendRegistry.load()).models(TestEngines.repository())
        .build()) {
      FaceOptions o = FaceOptions.builder().model("mobilefacenet-128").build();
      List<java.nio.file.Path> images = List.of(TestData.lfw("Aaron_Sorkin", 1), TestData.lfw("Aaron_Sorkin", 2),
          TestData.lfw("Colin_Powell", 198), TestData.astronaut());
      List<float[]> expected = new ArrayList<>();
      for (var img : images) {
        expected.add(shared.represent(ImageInput.of(img), o).get(0).embedding());
      }
      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> got = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
          var img = images.get(k % images.size());
          got.add(threads.submit(() -> {
            List<Representation> r = shared.represent(ImageInput.of(img), o);
            shared.detectFaces(ImageInput.of(img), o.toBuilder().detector("opencv").build());
            return r.get(0).embedding();
          }));
        }
        for (int k = 0; k < got.size(); k++) {
          assertThat(got.get(k).get()).as("call " + k).containsExactly(expected.get(k % images.size()));
        }
      } finally {
        threads.shutdown();
      }
    } finally {
      if (old == null) {
        System.clearProperty("deepface.opencv.instances");
      } else {
        System.setProperty("deepface.opencv.instances", old);
      }
    }
  }
}
