package io.deepface.opencv;

import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;

/**
 * Run in a second JVM by {@link UnsupportedPlatformTest}, with JavaCPP told it runs on a platform the OpenCV
 * jars have no natives for: prints what the registry makes of the OpenCV backend.
 */
public final class UnsupportedPlatformChild {
  private UnsupportedPlatformChild() {}

  public static void main(String[] args) {
    BackendRegistry registry = BackendRegistry.load();
    System.out.println("BACKENDS " + registry.backends().stream().map(DeepFaceBackend::name).toList());
    System.out.println("SKIPPED " + registry.skipped());
    try {
      registry.withPreference(java.util.List.of("opencv")).select(ComponentKind.DETECTOR, "yunet");
      System.out.println("SELECTED");
    } catch (RuntimeException e) {
      System.out.println("FORCED " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
