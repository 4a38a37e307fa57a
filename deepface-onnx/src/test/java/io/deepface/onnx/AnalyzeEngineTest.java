package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.AttributeNotAvailableException;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@code FaceEngine.analyze}: actions, lazy shared models, all actions on a group photo, threads. */
class AnalyzeEngineTest {
  private static final AnalyzeOptions ALL = AnalyzeOptions.of(EnumSet.allOf(FaceAttribute.class));

  /** The ONNX backend, recording which components it is asked to create. */
  static final class RecordingBackend implements DeepFaceBackend {
    final OnnxBackend onnx = new OnnxBackend();
    final List<String> created = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "recording-onnx";
    }

    @Override
    public List<ComponentInfo> components() {
      return onnx.components();
    }

    @Override
    public FaceDetector createDetector(String name, BackendContext context) {
      created.add("detector:" + name);
      return onnx.createDetector(name, context);
    }

    @Override
    public AttributeModel createAttributeModel(String name, BackendContext context) {
      created.add(name);
      return onnx.createAttributeModel(name, context);
    }
  }

  @Test
  void onlyTheActionsAskedForRunAndTheirModelsLoadOnce() {
    RecordingBackend backend = new RecordingBackend();
    try (FaceEngine engine = FaceEngine.builder().registry(BackendRegistry.of(List.of(backend)))
        .models(TestEngines.repository()).build()) {
      ImageInput astronaut = ImageInput.of(TestData.astronaut());
      List<FaceAnalysis> faces = engine.analyze(astronaut, AnalyzeOptions.of(FaceAttribute.AGE, FaceAttribute.POSE),
          FaceOptions.defaults());
      assertThat(faces).hasSize(1);
      FaceAnalysis f = faces.get(0);
      assertThat(f.values().keySet()).containsExactly(FaceAttribute.AGE, FaceAttribute.POSE);
      assertThat(f.gender()).isNull();
      assertThat(f.emotion()).isNull();
      assertThat(f.faceConfidence()).isGreaterThan(0.8);
      assertThat(f.region().w()).isGreaterThan(50);
      assertThat(backend.created).containsExactly("faceres-faceapi", "faceplugin-pose",
          "detector:" + FaceOptions.DEFAULT_DETECTOR);

      // Age and gender come from one model: it loads once and runs once per face for both.
      engine.analyze(astronaut, AnalyzeOptions.of(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.EMOTION),
          FaceOptions.defaults());
      engine.analyze(astronaut, AnalyzeOptions.of(FaceAttribute.EMOTION), FaceOptions.defaults());
      assertThat(backend.created).containsExactly("faceres-faceapi", "faceplugin-pose",
          "detector:" + FaceOptions.DEFAULT_DETECTOR, "faceapi-expression");
    }
  }

  @Test
  void anActionWithoutAModelFailsWithAClearErrorBeforeAnythingLoadsOrRuns() {
    RecordingBackend backend = new RecordingBackend();
    try (FaceEngine engine = FaceEngine.builder().registry(BackendRegistry.of(List.of(backend)))
        .models(TestEngines.repository()).build()) {
      AnalyzeOptions noRaceModel = AnalyzeOptions.builder().actions(FaceAttribute.AGE, FaceAttribute.RACE)
          .models(java.util.Map.of(FaceAttribute.AGE, "faceplugin-age")).build();
      assertThatThrownBy(() -> engine.analyze(ImageInput.of(TestData.astronaut()), noRaceModel, FaceOptions.defaults()))
          .isInstanceOf(AttributeNotAvailableException.class).hasMessageContaining("race");
      assertThat(backend.created).isEmpty();
    }
  }

  @Test
  void everyActionForEveryFaceOfAGroupPhoto() {
    RgbImage img = AnalysisFixtures.faceapi("bbt4.jpg");
    List<FaceAnalysis> faces = TestEngines.shared().analyze(ImageInput.of(img, "bbt4.jpg"), ALL, FaceOptions.defaults());
    assertThat(faces).hasSizeGreaterThanOrEqualTo(5);
    for (FaceAnalysis f : faces) {
      assertThat(f.values().keySet()).isEqualTo(ALL.actions());
      assertThat(f.age().years()).isBetween(15.0, 70.0);
      assertThat(f.race().scores()).hasSize(5);
      assertThat(f.eyes()).isNotNull();
      assertThat(f.antiSpoof()).isNotNull();
      int inside = 0;
      for (Point p : f.landmarks().points()) {
        if (p.x() >= f.region().x() - 5 && p.x() <= f.region().x() + f.region().w() + 5
            && p.y() >= f.region().y() - 5 && p.y() <= f.region().y() + f.region().h() + 5) {
          inside++;
        }
      }
      assertThat(inside).as("landmarks inside the box of %s", f.region()).isGreaterThanOrEqualTo(60);
    }
  }

  @Test
  void threadsAnalysingAtOnceGetWhatOneThreadGets() throws Exception {
    FaceEngine engine = TestEngines.shared();
    List<RgbImage> images = List.of(AnalysisFixtures.decode(TestData.astronaut()), AnalysisFixtures.faceapi("happy.jpg"),
        AnalysisFixtures.faceapi("surprised.jpg"));
    List<List<FaceAnalysis>> expected = new ArrayList<>();
    for (RgbImage img : images) {
      expected.add(engine.analyze(ImageInput.of(img, "image"), ALL, FaceOptions.defaults()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        Collections.rotate(order, t);
        tasks.add(() -> {
          for (int i : order) {
            if (!engine.analyze(ImageInput.of(images.get(i), "image"), ALL, FaceOptions.defaults()).equals(expected.get(i))) {
              return false;
            }
          }
          return true;
        });
      }
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
