package io.deepface;

import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentInfo;
import java.util.List;

/**
 * Entry point of the library.
 *
 * <p>{@link #components()} lists the detectors, embedders and attribute models the backends on the
 * classpath offer; the backend that serves each name is chosen by rank, or by {@code DEEPFACE_BACKEND}.
 */
public final class DeepFace {
  private static volatile BackendRegistry registry;

  private DeepFace() {}

  /** The backends on the classpath, discovered once. */
  public static BackendRegistry registry() {
    BackendRegistry r = registry;
    if (r == null) {
      synchronized (DeepFace.class) {
        r = registry;
        if (r == null) {
          r = BackendRegistry.load();
          registry = r;
        }
      }
    }
    return r;
  }

  /** Every component of every available backend (also those a higher-ranked backend shadows). */
  public static List<ComponentInfo> components() {
    return registry().components();
  }
}
