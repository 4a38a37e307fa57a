package io.deepface.djl;

import io.deepface.FaceEngine;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.List;

/**
 * One engine per test JVM, reading models from the shared folder and never downloading. The engine finds
 * its backends with {@link java.util.ServiceLoader}: only deepface-api and deepface-djl are on this module's
 * test classpath, so every component comes from the djl backend.
 */
final class DjlTestSupport {
  private static FaceEngine engine;

  private DjlTestSupport() {}

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

  static RgbImage image(Path file) {
    return engine().decode(ImageInput.of(file));
  }
}
