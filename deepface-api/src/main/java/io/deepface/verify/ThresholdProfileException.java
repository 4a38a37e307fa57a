package io.deepface.verify;

import io.deepface.DeepFaceException;

/**
 * A threshold profile that cannot be used: its file is missing, unreadable or invalid, or it was made with other
 * settings (embedder, detector, alignment, flip) or without the metric asked for. The message names the file or
 * both settings.
 */
public class ThresholdProfileException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public ThresholdProfileException(String message) {
    super(message);
  }

  public ThresholdProfileException(String message, Throwable cause) {
    super(message, cause);
  }
}
