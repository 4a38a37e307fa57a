package io.deepface.analysis;

import io.deepface.DeepFaceException;

/** An analysis action was asked for that no model can compute (yet); the message says why. */
public class AttributeNotAvailableException extends DeepFaceException {
  private static final long serialVersionUID = 1L;
  private final FaceAttribute attribute;

  public AttributeNotAvailableException(FaceAttribute attribute, String message) {
    super(message);
    this.attribute = attribute;
  }

  public FaceAttribute attribute() {
    return attribute;
  }
}
