package io.deepface.benchmarks.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.analysis.Age;
import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.EyeState;
import io.deepface.analysis.FaceLandmarks68;
import io.deepface.analysis.Gender;
import io.deepface.analysis.HeadPose;
import io.deepface.analysis.Race;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.FaceDetector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import io.deepface.spi.ComponentKind;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each standard attribute model on the same faces and boxes, ONNX Runtime vs each other backend: the same values. */
class AttributeParityTest {
  static Stream<Arguments> cases() {
    return Backends.cases(ComponentKind.ATTRIBUTE, MODELS.toArray(String[]::new));
  }

  /** Every standard attribute model, the TF.js-converted ones included. */
  static final java.util.List<String> MODELS = java.util.List.of("faceplugin-age", "faceplugin-gender",
      "faceplugin-emotion", "faceplugin-pose", "faceplugin-landmarks", "faceplugin-eyes", "minifasnet", "gear", "faceres",
      "faceres-deep", "oarriaga-emotion", "oarriaga-gender", "ssrnet-gender", "ssrnet-age", "faceapi-age-gender",
      "faceapi-expression");

  @Test
  void openCvOffersEveryStandardAttributeModel() {
    assertThat(cases().filter(a -> a.get()[0].equals("opencv")).count()).isEqualTo(MODELS.size());
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void attributeValuesAgreeAcrossBackends(String backend, String name) {
    AttributeModel onnx = Backends.engine("onnx").attributeModel(name);
    AttributeModel opencv = Backends.engine(backend).attributeModel(name);
    assertThat(opencv.info().backend()).isEqualTo(backend);
    FaceDetector detector = Backends.engine("onnx").detector("retinaface");
    double worst = 0;
    for (Path p : EmbedderParityTest.FACES) {
      RgbImage img = Backends.image(p);
      DetectedFace face = detector.detect(img, detector.defaultConfidence()).get(0);
      List<AttributeValue> a = onnx.predict(img, face);
      List<AttributeValue> b = opencv.predict(img, face);
      assertThat(b).hasSameSizeAs(a);
      for (int i = 0; i < a.size(); i++) {
        worst = Math.max(worst, difference(a.get(i), b.get(i)));
      }
    }
    System.out.printf("parity %s: largest difference onnx vs %s over %d faces %.2g%n", name, backend,
        EmbedderParityTest.FACES.size(), worst);
    // Years, percentage points, degrees, pixels or probability: far below anything a user would see.
    assertThat(worst).isLessThan(0.05);
  }

  /** The largest difference between two values of the same attribute, in the value's own units. */
  static double difference(AttributeValue a, AttributeValue b) {
    assertThat(b.getClass()).isEqualTo(a.getClass());
    if (a instanceof Age x) {
      return Math.abs(x.years() - ((Age) b).years());
    }
    if (a instanceof Gender x) {
      return Math.abs(x.woman() - ((Gender) b).woman());
    }
    if (a instanceof Emotion x) {
      return x.scores().keySet().stream().mapToDouble(k -> Math.abs(x.scores().get(k) - ((Emotion) b).scores().get(k)))
          .max().orElseThrow();
    }
    if (a instanceof Race x) {
      return x.scores().keySet().stream().mapToDouble(k -> Math.abs(x.scores().get(k) - ((Race) b).scores().get(k)))
          .max().orElseThrow();
    }
    if (a instanceof HeadPose x) {
      HeadPose y = (HeadPose) b;
      return Math.max(Math.abs(x.yaw() - y.yaw()), Math.max(Math.abs(x.pitch() - y.pitch()), Math.abs(x.roll() - y.roll())));
    }
    if (a instanceof FaceLandmarks68 x) {
      double d = 0;
      for (int i = 0; i < 68; i++) {
        d = Math.max(d, x.points().get(i).distanceTo(((FaceLandmarks68) b).points().get(i)));
      }
      return d;
    }
    if (a instanceof EyeState x) {
      EyeState y = (EyeState) b;
      return Math.max(Math.abs(x.rightEyeOpen() - y.rightEyeOpen()), Math.abs(x.leftEyeOpen() - y.leftEyeOpen()));
    }
    if (a instanceof AntiSpoof x) {
      assertThat(((AntiSpoof) b).isReal()).isEqualTo(x.isReal());
      return Math.abs(x.realProbability() - ((AntiSpoof) b).realProbability());
    }
    throw new AssertionError("no comparison for " + a);
  }
}
