package io.deepface.find;

import io.deepface.DeepFaceException;

/** A face search could not be done: the gallery folder is missing, a vector store cannot be opened, and so on. */
public class FindException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public FindException(String message) {
    super(message);
  }

  public FindException(String message, Throwable cause) {
    super(message, cause);
  }
}
