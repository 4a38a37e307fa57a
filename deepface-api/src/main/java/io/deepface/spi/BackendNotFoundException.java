package io.deepface.spi;

import io.deepface.DeepFaceException;

/** A backend named by {@code DEEPFACE_BACKEND} (or a builder) is not on the classpath or failed to load. */
public class BackendNotFoundException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public BackendNotFoundException(String message) {
    super(message);
  }
}
