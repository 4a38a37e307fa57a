package io.deepface.opencv;

import io.deepface.FaceEngine;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendRegistry;
import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.List;

/**
 * One engine per test JVM, built from the backends that {@link BackendRegistry#load()} finds with
 * {@link java.util.ServiceLoader} (on this module's test classpath: deepface-api and deepface-opencv only),
 * reading models from the shared folder and never downloading.
 */
final class OpenCvTestSupport {
  private static FaceEngine engine;

  private OpenCvTestSupport() {}

  static synchronized FaceEngine engine() {
    if (engine == null) {
      engine = FaceEngine.builder().registry(BackendRegistry.load()).models(repository()).build();
    }
    return engine;
  }

  static ModelRepository repository() {
    return ModelRepository.builder().modelPath(List.of(TestData.modelsDir()))
        .cacheDir(Path.of("target/deepface-home/models")).offline(true).build();
  }

  static BackendContext context() {
    return new BackendContext(repository(), 0);
  }

  static RgbImage image(Path file) {
    return engine().decode(ImageInput.of(file));
  }

  static RgbImage lfw(String name, int index) {
    return image(TestData.lfw(name, index));
  }

  /** {@code lfw-dev/images/NAME/FILE}, for example {@code Colin_Powell_0071.jpg}. */
  static RgbImage lfw(String file) {
    String name = file.substring(0, file.lastIndexOf('_'));
    return image(TestData.datasetsDir().resolve("lfw-dev/images").resolve(name).resolve(file));
  }
}
