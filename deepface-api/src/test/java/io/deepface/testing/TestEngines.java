package io.deepface.testing;

import io.deepface.FaceEngine;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendRegistry;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine and model repository every module's tests use: models from the shared folder (never downloaded), a
 * cache under {@code target/}, and the backends {@link java.util.ServiceLoader} finds on the module's test
 * classpath (so in a backend module, that backend and the built-in one only).
 */
public final class TestEngines {
  private static FaceEngine shared;

  private TestEngines() {}

  /** Models from the shared folder, a cache in {@code target/deepface-home/models}, offline. */
  public static ModelRepository repository() {
    return ModelRepository.builder().modelPath(List.of(TestData.modelsDir()))
        .cacheDir(Path.of("target/deepface-home/models")).offline(true).build();
  }

  /** One engine per test JVM over {@link #repository()} and the classpath's backends; models load once. */
  public static synchronized FaceEngine shared() {
    if (shared == null) {
      shared = FaceEngine.builder().registry(BackendRegistry.load()).models(repository()).build();
    }
    return shared;
  }

  /** What a backend gets to create a component directly, outside an engine. */
  public static BackendContext context() {
    return new BackendContext(repository(), 0);
  }

  /** The decoded image of a file. */
  public static RgbImage decode(Path file) {
    return ImageDecoder.defaults().decode(ImageInput.of(file));
  }
}
