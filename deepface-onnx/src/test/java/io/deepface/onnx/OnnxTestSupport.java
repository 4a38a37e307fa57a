package io.deepface.onnx;

import io.deepface.FaceEngine;
import io.deepface.model.ModelRepository;
import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.List;

/** One engine per test JVM, reading models from the shared folder and never downloading. */
final class OnnxTestSupport {
  private static FaceEngine engine;

  private OnnxTestSupport() {}

  static synchronized FaceEngine engine() {
    if (engine == null) {
      engine = FaceEngine.builder().models(repository()).build();
    }
    return engine;
  }

  static ModelRepository repository() {
    return ModelRepository.builder().modelPath(List.of(TestData.modelsDir()))
        .cacheDir(Path.of("target/deepface-home/models")).offline(true).build();
  }
}
