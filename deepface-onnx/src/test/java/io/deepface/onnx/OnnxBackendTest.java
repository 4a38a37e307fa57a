package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import io.deepface.model.ModelCatalog;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendRegistry;
import io.deepface.testing.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBackendTest {
  @Test
  void isFoundThroughServiceLoaderAndPreferred() {
    BackendRegistry registry = BackendRegistry.load().withPreference(List.of());
    assertThat(registry.backends()).extracting(b -> b.name()).contains("onnx");
    assertThat(registry.select(io.deepface.spi.ComponentKind.EMBEDDER, "fusion").name()).isEqualTo("onnx");
  }

  @Test
  void catalogHintsChooseTheOptimisationLevel() {
    ModelCatalog catalog = ModelCatalog.builtin();
    assertThat(OnnxBackend.optimization(catalog.require("faceplugin/fr_feature.onnx")))
        .isEqualTo(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
    assertThat(OnnxBackend.optimization(catalog.require("faceplugin/fr_gender.onnx")))
        .isEqualTo(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
    assertThat(OnnxBackend.optimization(catalog.require("mobilefacenet/mobilefacenet.onnx")))
        .isEqualTo(OrtSession.SessionOptions.OptLevel.ALL_OPT);
  }

  @Test
  void aFileOnnxRuntimeCannotReadIsAModelLoadException(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("broken.onnx"), "this is not a protobuf graph");
    ModelInfo info = new ModelInfo("test/broken.onnx", "broken.onnx", "0".repeat(64), 28, "test", List.of(), null);
    BackendContext context = new BackendContext(TestEngines.repository(), 0);
    assertThatThrownBy(() -> new OnnxBackend().open(info, bad, context))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("ONNX Runtime cannot load model test/broken.onnx");
  }
}
