package io.deepface.model;

/**
 * A file with the model's name was found or downloaded, but its SHA-256 is not the one in the catalog,
 * and no intact copy exists. The file is never used.
 */
public class CorruptModelException extends ModelNotFoundException {
  private static final long serialVersionUID = 1L;

  public CorruptModelException(String modelId, String message, Throwable cause) {
    super(modelId, message, cause);
  }
}
