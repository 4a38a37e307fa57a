package io.deepface.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.components.StandardComponents;
import io.deepface.model.ModelCatalog;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendNotFoundException;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.testing.TestEngines;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The djl backend as the library finds it: through ServiceLoader, with only deepface-api and deepface-djl present. */
class DjlBackendTest {

  @Test
  void serviceLoaderFindsTheDjlBackendAndNoOther() {
    List<String> found = ServiceLoader.load(DeepFaceBackend.class).stream().map(p -> p.type().getName()).toList();
    // deepface-api registers its model-free builtin backend (the skip detector); no other runtime is present.
    assertThat(found).containsExactlyInAnyOrder(DjlBackend.class.getName(), "io.deepface.components.BuiltinBackend");
    BackendRegistry registry = BackendRegistry.load();
    assertThat(registry.skipped()).isEmpty();
    assertThat(registry.backends()).extracting(DeepFaceBackend::name).containsExactly("djl", "builtin");
    DeepFaceBackend djl = registry.backends().get(0);
    assertThat(djl.rank()).isEqualTo(30);
  }

  @Test
  void offersEveryStandardComponentAndTheTfLiteOnes() {
    BackendRegistry registry = BackendRegistry.load();
    List<ComponentInfo> offered = registry.backends().get(0).components();
    assertThat(offered).allSatisfy(c -> assertThat(c.backend()).isEqualTo("djl"));
    for (StandardComponents.Definition d : StandardComponents.all()) {
      assertThat(offered).anySatisfy(c -> {
        assertThat(c.kind()).isEqualTo(d.kind());
        assertThat(c.name()).isEqualTo(d.name());
      });
    }
    assertThat(offered.stream().filter(c -> c.kind() == ComponentKind.DETECTOR).map(ComponentInfo::name))
        .contains("mediapipe", "mediapipe-short", "mtcnn", "yunet");
    assertThat(offered.stream().filter(c -> c.kind() == ComponentKind.EMBEDDER).map(ComponentInfo::name))
        .contains("mobilefacenet-192", "faceplugin-512", "mobilefacenet-128", "fusion");
    // Every model a component names is in the catalog, so the repository can verify and locate it.
    ModelCatalog catalog = ModelCatalog.builtin();
    for (ComponentInfo c : offered) {
      for (String model : c.models()) {
        assertThat(catalog.find(model)).as(c.name() + " model " + model).isPresent();
      }
    }
  }

  @Test
  void theEngineTakesEveryComponentFromDjl() {
    FaceEngine engine = TestEngines.shared();
    assertThat(engine.detector("yunet").info().backend()).isEqualTo("djl");
    assertThat(engine.embedder("mobilefacenet-128").info().backend()).isEqualTo("djl");
    assertThat(engine.detector("mtcnn").info().backend()).isEqualTo("djl");
    assertThat(engine.registry().select(ComponentKind.ATTRIBUTE, "faceplugin-age").name()).isEqualTo("djl");
  }

  @Test
  void preferringAnAbsentBackendFailsLoudly() {
    BackendRegistry onlyOnnx = BackendRegistry.load().withPreference(List.of("onnx"));
    assertThatThrownBy(() -> onlyOnnx.select(ComponentKind.DETECTOR, "yunet"))
        .isInstanceOf(BackendNotFoundException.class).hasMessageContaining("onnx").hasMessageContaining("djl");
    assertThat(BackendRegistry.load().withPreference(List.of("djl")).select(ComponentKind.DETECTOR, "mtcnn").name())
        .isEqualTo("djl");
  }

  /** Creating the backend must load no DJL class before it has set DJL's offline properties. */
  @Test
  void noDjlTypeAppearsInTheBackendClassSignatures() {
    List<Class<?>> types = new ArrayList<>();
    for (Method m : DjlBackend.class.getDeclaredMethods()) {
      types.add(m.getReturnType());
      types.addAll(List.of(m.getParameterTypes()));
    }
    for (Constructor<?> c : DjlBackend.class.getDeclaredConstructors()) {
      types.addAll(List.of(c.getParameterTypes()));
    }
    for (Field f : DjlBackend.class.getDeclaredFields()) {
      types.add(f.getType());
    }
    types.add(DjlBackend.class.getSuperclass());
    assertThat(types).noneMatch(t -> t.getName().startsWith("ai.djl") || t.getName().startsWith("ai.onnxruntime")
        || t.getName().startsWith("org.tensorflow"));
  }

  @Test
  void aModelTheEngineCannotLoadIsReportedByName(@TempDir Path dir) throws Exception {
    Path onnx = dir.resolve("yunet_n_dynamic.onnx");
    Files.write(onnx, "this is not an ONNX model".getBytes());
    Path tflite = dir.resolve("MobileFaceNet.tflite");
    Files.write(tflite, "this is not a TFLite model either".getBytes());
    ModelRepository repo = ModelRepository.builder().catalog(ModelCatalog.of(List.of(
            model("libfacedetection/yunet_n_dynamic.onnx", onnx), model("expo/MobileFaceNet.tflite", tflite))))
        .modelPath(List.of(dir)).cacheDir(dir.resolve("cache")).offline(true).build();
    BackendContext context = new BackendContext(repo, 0);
    DjlBackend backend = new DjlBackend();
    assertThatThrownBy(() -> backend.createDetector("yunet", context)).isInstanceOfSatisfying(ModelLoadException.class,
        e -> assertThat(e.modelId()).isEqualTo("libfacedetection/yunet_n_dynamic.onnx"))
        .hasMessageContaining("libfacedetection/yunet_n_dynamic.onnx").hasMessageContaining("OnnxRuntime");
    assertThatThrownBy(() -> backend.createEmbedder("mobilefacenet-192", context))
        .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.modelId()).isEqualTo("expo/MobileFaceNet.tflite"))
        .hasMessageContaining("expo/MobileFaceNet.tflite").hasMessageContaining("TFLite");
  }

  private static ModelInfo model(String id, Path file) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    return new ModelInfo(id, file.getFileName().toString(), java.util.HexFormat.of().formatHex(digest), Files.size(file),
        "test", List.of(), null);
  }
}
