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
import java.util.Map;
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
  void catalogHintsChooseTheOptimisationLevelAndRewrite() {
    ModelCatalog catalog = ModelCatalog.builtin();
    // With ONNX Runtime 1.29 every shipped model runs fastest with all optimisations (measured; see OnnxBackend).
    for (ModelInfo m : catalog.models()) {
      assertThat(OnnxBackend.optimization(m)).as(m.id()).isEqualTo(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }
    assertThat(catalog.require("faceplugin/fr_feature.onnx").hint("onnxruntime.rewrite", "none"))
        .isEqualTo("prelu-batchnorm");
    ModelInfo basic = new ModelInfo("test/x.onnx", "x.onnx", "0".repeat(64), 1, "test", List.of(), null,
        Map.of("onnxruntime.optimization", "basic"));
    assertThat(OnnxBackend.optimization(basic)).isEqualTo(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
  }

  @Test
  void anUnknownRewriteHintIsAModelLoadExceptionNamingTheKnownOnes() {
    ModelInfo odd = new ModelInfo("test/fr_feature.onnx", "fr_feature.onnx", "0".repeat(64), 1, "test", List.of(), null,
        Map.of("onnxruntime.rewrite", "fold-everything"));
    Path file = TestEngines.repository().resolve("faceplugin/fr_feature.onnx");
    assertThatThrownBy(() -> new OnnxBackend().open(odd, file, TestEngines.context()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("fold-everything").hasMessageContaining("prelu-batchnorm");
  }

  @Test
  void aRewriteOfAFileThatIsNoOnnxModelIsAModelLoadException(@TempDir Path dir) throws IOException {
    Path bad = Files.write(dir.resolve("broken.onnx"), new byte[] {0x3a, 0x7f, 0x01});
    ModelInfo info = new ModelInfo("test/broken.onnx", "broken.onnx", "0".repeat(64), 3, "test", List.of(), null,
        Map.of("onnxruntime.rewrite", "prelu-batchnorm"));
    assertThatThrownBy(() -> new OnnxBackend().open(info, bad, TestEngines.context()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("test/broken.onnx").hasMessageContaining("protobuf");
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
