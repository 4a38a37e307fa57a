package io.deepface.benchmarks.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import io.deepface.testing.TestData;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX Runtime directly (the onnx backend) against DJL's OnnxRuntime engine (the djl backend) on the same
 * model files and identical preprocessing: each backend is forced with a preference list over one
 * classpath registry. Embeddings agree to cosine similarity 0.999 or better, detector boxes to IoU 0.95 or
 * better, attribute values closely, and verification decides 100 LFW pairs the same way.
 */
class DjlParityTest {
  private static final List<Path> FACES = List.of(TestData.lfw("Aaron_Sorkin", 1), TestData.lfw("Colin_Powell", 198),
      TestData.lfw("Jaromir_Jagr", 1), TestData.lfw("Dalai_Lama", 1), TestData.lfw("Abdullah", 1),
      TestData.astronaut(), TestData.faceapi("happy.jpg"), TestData.faceapi("sheldon/sheldon1.png"));
  private static final List<Path> SCENES = Stream.concat(FACES.stream(),
      Stream.of("bbt1.jpg", "bbt2.jpg", "bbt3.jpg", "bbt4.jpg", "bbt5.jpg").map(TestData::faceapi)).toList();
  /** The worst figure seen per check, printed after the tests for the record. */
  private static final Map<String, Double> WORST = new ConcurrentHashMap<>();

  private static FaceEngine onnx;
  private static FaceEngine djl;

  @BeforeAll
  static void engines() {
    // One registry: ServiceLoader creates both backends before either loads native code (see DjlEngines).
    BackendRegistry registry = BackendRegistry.load();
    assertThat(registry.skipped()).isEmpty();
    ModelRepository models = ModelRepository.builder().modelPath(List.of(TestData.modelsDir()))
        .cacheDir(Path.of("target/deepface-home/models")).offline(true).build();
    onnx = FaceEngine.builder().registry(registry.withPreference(List.of("onnx"))).models(models).build();
    djl = FaceEngine.builder().registry(registry.withPreference(List.of("djl"))).models(models).build();
  }

  @AfterAll
  static void report() {
    System.err.println("DjlParityTest worst figures: " + new java.util.TreeMap<>(WORST));
    onnx.close();
    djl.close();
  }

  private static void worst(String key, double value, boolean lowerIsWorse) {
    WORST.merge(key, value, (a, b) -> lowerIsWorse ? Math.min(a, b) : Math.max(a, b));
  }

  @ParameterizedTest
  @ValueSource(strings = {"faceplugin-512", "mobilefacenet-128", "fusion"})
  void embeddingsAgree(String name) {
    FaceEmbedder a = onnx.embedder(name);
    FaceEmbedder b = djl.embedder(name);
    assertThat(a.info().backend()).isEqualTo("onnx");
    assertThat(b.info().backend()).isEqualTo("djl");
    // Crops made once, so both backends read identical pixels.
    FaceDetector detector = onnx.detector("yunet");
    List<RgbImage> crops = new ArrayList<>();
    for (Path p : FACES) {
      RgbImage img = onnx.decode(ImageInput.of(p));
      DetectedFace f = detector.detect(img, detector.defaultConfidence()).get(0);
      crops.add(FaceAligner.crop(img, f, a.alignment(), AlignmentMode.LANDMARKS));
    }
    float[][] va = a.embed(crops);
    float[][] vb = b.embed(crops);
    for (int i = 0; i < crops.size(); i++) {
      double cos = 1 - DistanceMetric.COSINE.distance(va[i], vb[i]);
      worst("embedding cosine " + name, cos, true);
      assertThat(cos).as(name + " on " + FACES.get(i)).isGreaterThanOrEqualTo(0.999);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"yunet", "retinaface", "retinaface-yunet", "ultraface", "blazeface", "blazeface-front"})
  void detectorBoxesAgree(String name) {
    FaceDetector a = onnx.detector(name);
    FaceDetector b = djl.detector(name);
    assertThat(b.info().backend()).isEqualTo("djl");
    for (Path p : SCENES) {
      RgbImage img = onnx.decode(ImageInput.of(p));
      List<DetectedFace> fa = a.detect(img, a.defaultConfidence());
      List<DetectedFace> fb = b.detect(img, b.defaultConfidence());
      assertThat(fb).as(name + " on " + p).hasSameSizeAs(fa);
      for (DetectedFace x : fa) {
        double best = fb.stream().mapToDouble(y -> y.box().iou(x.box())).max().orElse(0);
        worst("box IoU " + name, best, true);
        assertThat(best).as(name + " on " + p + ": " + x.box()).isGreaterThanOrEqualTo(0.95);
        DetectedFace match = fb.stream().max((u, v) -> Double.compare(u.box().iou(x.box()), v.box().iou(x.box()))).get();
        assertThat(Math.abs(match.confidence() - x.confidence())).isLessThan(0.01);
      }
    }
  }

  @Test
  void attributeValuesAgree() {
    AnalyzeOptions actions = AnalyzeOptions.of(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.EMOTION,
        FaceAttribute.POSE);
    for (Path p : FACES) {
      FaceAnalysis x = onnx.analyze(ImageInput.of(p), actions, FaceOptions.defaults()).get(0);
      FaceAnalysis y = djl.analyze(ImageInput.of(p), actions, FaceOptions.defaults()).get(0);
      worst("age years", Math.abs(x.age().years() - y.age().years()), false);
      assertThat(y.age().years()).as("age " + p).isCloseTo(x.age().years(), org.assertj.core.data.Offset.offset(0.5));
      assertThat(y.gender().man()).as("gender " + p).isCloseTo(x.gender().man(), org.assertj.core.data.Offset.offset(0.5));
      assertThat(y.pose().yaw()).as("yaw " + p).isCloseTo(x.pose().yaw(), org.assertj.core.data.Offset.offset(0.5));
      assertThat(y.pose().pitch()).isCloseTo(x.pose().pitch(), org.assertj.core.data.Offset.offset(0.5));
      assertThat(y.pose().roll()).isCloseTo(x.pose().roll(), org.assertj.core.data.Offset.offset(0.5));
      for (Map.Entry<String, Double> e : x.emotion().scores().entrySet()) {
        double d = Math.abs(e.getValue() - y.emotion().scores().get(e.getKey()));
        worst("emotion percentage points", d, false);
        assertThat(d).as("emotion " + e.getKey() + " " + p).isLessThan(0.5);
      }
    }
  }

  /** The first 50 same and 50 different pairs of fold 1, verified by each backend with mobilefacenet-128. */
  @Test
  void verificationDecisionsAgreeOnOneHundredLfwPairs() {
    FaceOptions options = FaceOptions.builder().model("mobilefacenet-128").build();
    List<LfwPair> fold1 = TestData.lfwPairs().stream().filter(p -> p.fold() == 1).toList();
    List<LfwPair> pairs = Stream.concat(fold1.stream().filter(LfwPair::same).limit(50),
        fold1.stream().filter(p -> !p.same()).limit(50)).toList();
    assertThat(pairs).hasSize(100);
    int agree = 0;
    int right = 0;
    for (LfwPair p : pairs) {
      Representation a1 = onnx.represent(ImageInput.of(p.first()), options).get(0);
      Representation a2 = onnx.represent(ImageInput.of(p.second()), options).get(0);
      Representation b1 = djl.represent(ImageInput.of(p.first()), options).get(0);
      Representation b2 = djl.represent(ImageInput.of(p.second()), options).get(0);
      var ra = onnx.verify(a1.embedding(), a2.embedding(), options);
      var rb = djl.verify(b1.embedding(), b2.embedding(), options);
      worst("verification distance difference", Math.abs(ra.distance() - rb.distance()), false);
      assertThat(rb.distance()).as(p.toString()).isCloseTo(ra.distance(), org.assertj.core.data.Offset.offset(1e-3));
      agree += ra.verified() == rb.verified() ? 1 : 0;
      right += rb.verified() == p.same() ? 1 : 0;
    }
    worst("verification decisions agreeing of 100", agree, true);
    worst("verification decisions right of 100 (djl)", right, true);
    assertThat(agree).isEqualTo(100);
  }
}
