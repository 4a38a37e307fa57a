package io.deepface.spi;

import java.util.List;

/**
 * Backends that exist only to exercise discovery and selection: they declare components but are never
 * asked to create one.
 */
final class RegistryTestBackends {
  private RegistryTestBackends() {}

  private static ComponentInfo c(ComponentKind kind, String name, String backend) {
    return new ComponentInfo(kind, name, backend, "test component", List.of());
  }

  public static final class Alpha implements DeepFaceBackend {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public int rank() {
      return 10;
    }

    @Override
    public List<ComponentInfo> components() {
      return List.of(c(ComponentKind.DETECTOR, "shared", "alpha"), c(ComponentKind.DETECTOR, "alpha-only", "alpha"),
          c(ComponentKind.EMBEDDER, "vectors", "alpha"));
    }
  }

  public static final class Beta implements DeepFaceBackend {
    @Override
    public String name() {
      return "beta";
    }

    @Override
    public int rank() {
      return 20;
    }

    @Override
    public List<ComponentInfo> components() {
      return List.of(c(ComponentKind.DETECTOR, "shared", "beta"), c(ComponentKind.ATTRIBUTE, "beta-age", "beta"));
    }
  }

  /** Its native library is missing, as when a jar for another platform is on the classpath. */
  public static final class NativeMissing implements DeepFaceBackend {
    @Override
    public String name() {
      return "native";
    }

    @Override
    public void checkAvailable() {
      throw new UnsatisfiedLinkError("no nativeface in java.library.path");
    }

    @Override
    public List<ComponentInfo> components() {
      return List.of(c(ComponentKind.DETECTOR, "shared", "native"));
    }
  }

  /** Cannot even be instantiated. */
  public static final class ConstructorFails implements DeepFaceBackend {
    public ConstructorFails() {
      throw new IllegalStateException("broken static state");
    }

    @Override
    public String name() {
      return "broken";
    }

    @Override
    public List<ComponentInfo> components() {
      return List.of();
    }
  }
}
