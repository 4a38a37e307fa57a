package io.deepface.adapt;

import io.deepface.DeepFaceException;

/**
 * An embedding adapter that cannot be used: its file is missing, damaged or of another version, it was trained for
 * another base embedder or dimension, or training was given too little data. The message names the file or cause.
 */
public class AdapterException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public AdapterException(String message) {
    super(message);
  }

  public AdapterException(String message, Throwable cause) {
    super(message, cause);
  }
}
