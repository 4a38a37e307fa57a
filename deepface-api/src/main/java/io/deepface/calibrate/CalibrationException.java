package io.deepface.calibrate;

import io.deepface.DeepFaceException;

/**
 * Calibration cannot go on: a pairs or identities file that cannot be read or is malformed (the message names the
 * file and line), too few people for the folds, or too few pairs left once photos without a face are set aside.
 */
public class CalibrationException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public CalibrationException(String message) {
    super(message);
  }

  public CalibrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
