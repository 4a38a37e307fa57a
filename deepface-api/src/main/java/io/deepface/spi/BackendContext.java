package io.deepface.spi;

import io.deepface.model.ModelRepository;
import java.util.Objects;

/**
 * What a backend gets when it creates a component.
 *
 * @param models where to obtain model files
 * @param intraOpThreads threads one inference may use; 0 lets the runtime decide
 */
public record BackendContext(ModelRepository models, int intraOpThreads) {
  public BackendContext {
    Objects.requireNonNull(models, "models");
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
    }
  }
}
