package io.deepface.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.AttributeModel;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link AttributeModel} promises, checked on real faces: a backend module subclasses this for its own
 * attribute models. {@code predict} gives exactly one value per attribute the model reports, of that attribute; the
 * same face gives the same values; the component is thread-safe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AttributeModelConformanceTest {
  /** The attribute models every runner backend offers (faceplugin's, MiniFASNet and those converted from TF.js). */
  public static final List<String> STANDARD_MODELS = List.of("faceplugin-age", "faceplugin-gender",
      "faceplugin-emotion", "faceplugin-pose", "faceplugin-landmarks", "faceplugin-eyes", "minifasnet", "gear",
      "faceres", "faceres-deep", "faceres-faceapi", "faceapi-age-gender", "faceapi-expression", "ssrnet-age",
      "ssrnet-gender", "oarriaga-gender", "oarriaga-emotion");

  /** The engine whose registry selects this module's components (usually {@link TestEngines#shared()}). */
  protected FaceEngine engine() {
    return TestEngines.shared();
  }

  /** The backend the models must come from, for example {@code onnx}. */
  protected abstract String backend();

  /** The attribute models to check. */
  protected abstract List<String> models();

  /** The detector used to find the faces (default {@code retinaface}). */
  protected String detector() {
    return "retinaface";
  }

  private record Face(RgbImage image, DetectedFace face) {}

  private Face face(String person, int index) {
    RgbImage img = TestEngines.decode(TestData.lfw(person, index));
    DetectedFace f = engine().detectFaces(ImageInput.of(img, person),
        FaceOptions.builder().detector(detector()).build()).get(0);
    return new Face(img, f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void isOfferedByThisBackendUnderItsName(String name) {
    AttributeModel m = engine().attributeModel(name);
    assertThat(m.info().name()).isEqualTo(name);
    assertThat(m.info().backend()).isEqualTo(backend());
    assertThat(m.attributes()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void predictsExactlyOneValuePerAttributeItReports(String name) {
    AttributeModel m = engine().attributeModel(name);
    for (Face f : List.of(face("Aaron_Sorkin", 1), face("Colin_Powell", 198))) {
      List<AttributeValue> values = m.predict(f.image(), f.face());
      Set<FaceAttribute> seen = EnumSet.noneOf(FaceAttribute.class);
      for (AttributeValue v : values) {
        assertThat(seen.add(v.attribute())).as(name + " reports " + v.attribute() + " once").isTrue();
      }
      assertThat(seen).isEqualTo(m.attributes());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void theSameFaceGivesTheSameValuesFromAnyThread(String name) throws Exception {
    AttributeModel m = engine().attributeModel(name);
    Face f = face("Aaron_Sorkin", 1);
    List<AttributeValue> first = m.predict(f.image(), f.face());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<AttributeValue>>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        runs.add(pool.submit(() -> m.predict(f.image(), f.face())));
      }
      // Equal up to float rounding: a backend may run concurrent calls on other threads or instances (OpenCV's pool of
      // copies, DJL's predictors), which may change the order of a model's sums in the last digits.
      Comparator<Double> closeD = (a, b) -> Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a)) ? 0 : Double.compare(a, b);
      Comparator<Float> closeF = (a, b) -> Math.abs(a - b) <= 1e-5f * Math.max(1, Math.abs(a)) ? 0 : Float.compare(a, b);
      RecursiveComparisonConfiguration close = RecursiveComparisonConfiguration.builder()
          .withComparatorForType(closeD, Double.class).withComparatorForType(closeF, Float.class).build();
      for (Future<List<AttributeValue>> r : runs) {
        assertThat(r.get()).usingRecursiveFieldByFieldElementComparator(close).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
