package io.deepface.spi;

import java.util.List;
import java.util.Objects;

/**
 * A component a backend offers.
 *
 * @param kind detector, embedder or attribute model
 * @param name the stable name users select it by, for example {@code yunet} or {@code faceplugin-512}
 * @param backend the name of the backend that offers it, for example {@code onnx}
 * @param description one line for listings
 * @param models catalog ids of the model files it loads
 */
public record ComponentInfo(ComponentKind kind, String name, String backend, String description, List<String> models) {
  public ComponentInfo {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(description, "description");
    models = List.copyOf(models);
  }
}
