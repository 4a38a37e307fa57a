package io.deepface.model;

/**
 * A model is in none of the places the repository looks and could not be downloaded. The message
 * names the model, every place searched, every download tried and how to get the file.
 */
public class ModelNotFoundException extends ModelException {
  private static final long serialVersionUID = 1L;

  public ModelNotFoundException(String modelId, String message, Throwable cause) {
    super(modelId, message, cause);
  }
}
