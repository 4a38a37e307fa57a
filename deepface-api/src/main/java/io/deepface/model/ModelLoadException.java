package io.deepface.model;

/** A verified model file was refused by the runtime that had to load it (wrong format, unsupported operator...). */
public class ModelLoadException extends ModelException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String modelId, String message, Throwable cause) {
    super(modelId, message, cause);
  }
}
