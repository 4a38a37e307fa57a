package io.deepface.spi;

import java.util.List;

/**
 * A backend: one jar that runs models with one runtime (ONNX Runtime, OpenCV, DJL...). Registered in
 * {@code META-INF/services/io.deepface.spi.DeepFaceBackend} and found with {@link java.util.ServiceLoader};
 * the classpath is the configuration.
 *
 * <p>Implementations need a public no-argument constructor that does no heavy work; native libraries
 * are loaded in {@link #checkAvailable()}.
 */
public interface DeepFaceBackend {
  /** Short stable name, for example {@code onnx}; what {@code DEEPFACE_BACKEND} names. */
  String name();

  /** When several backends offer a component of the same kind and name, the lowest rank wins. */
  default int rank() {
    return 100;
  }

  /**
   * Loads what the backend needs to run here (native libraries). Throwing anything, a
   * {@link LinkageError} included, makes the registry skip this backend with one warning.
   */
  default void checkAvailable() throws Exception {}

  /** The components this backend offers. */
  List<ComponentInfo> components();

  /** Creates the detector called {@code name}; only called for names listed by {@link #components()}. */
  default FaceDetector createDetector(String name, BackendContext context) {
    throw new UnsupportedOperationException(name() + " offers no detector " + name);
  }

  default FaceEmbedder createEmbedder(String name, BackendContext context) {
    throw new UnsupportedOperationException(name() + " offers no embedder " + name);
  }

  default AttributeModel createAttributeModel(String name, BackendContext context) {
    throw new UnsupportedOperationException(name() + " offers no attribute model " + name);
  }
}
