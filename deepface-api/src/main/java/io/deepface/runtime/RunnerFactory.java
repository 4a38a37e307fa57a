package io.deepface.runtime;

import io.deepface.model.ModelInfo;
import java.nio.file.Path;

/** How a backend turns a verified model file into a {@link TensorRunner}. */
@FunctionalInterface
public interface RunnerFactory {
  /**
   * Loads {@code file} (the verified local copy of {@code model}).
   *
   * @throws io.deepface.model.ModelLoadException when the runtime refuses the file
   */
  TensorRunner open(ModelInfo model, Path file);
}
