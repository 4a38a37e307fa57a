package io.deepface.spi;

import io.deepface.DeepFaceException;

/** No available backend offers the component asked for; the message lists what is available. */
public class ComponentNotFoundException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public ComponentNotFoundException(String message) {
    super(message);
  }
}
