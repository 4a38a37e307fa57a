package io.deepface.model;

import io.deepface.DeepFaceException;

/** A model file could not be obtained or used. */
public class ModelException extends DeepFaceException {
  private static final long serialVersionUID = 1L;
  private final String modelId;

  public ModelException(String modelId, String message) {
    super(message);
    this.modelId = modelId;
  }

  public ModelException(String modelId, String message, Throwable cause) {
    super(message, cause);
    this.modelId = modelId;
  }

  /** The catalog id of the model concerned, for example {@code faceplugin/fr_feature.onnx}. */
  public String modelId() {
    return modelId;
  }
}
