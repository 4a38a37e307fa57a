package io.deepface.verify;

import io.deepface.DeepFaceException;

/**
 * No threshold is calibrated for the embedder, metric, alignment and flip setting asked for, and the options give
 * none. The message lists the calibrated settings and says how to pass a threshold.
 */
public class ThresholdNotFoundException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public ThresholdNotFoundException(String message) {
    super(message);
  }
}
