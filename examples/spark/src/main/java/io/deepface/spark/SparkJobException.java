package io.deepface.spark;

import io.deepface.DeepFaceException;

/** A Spark job that cannot start or finish: its input is missing, its output holds something else, its options are wrong. */
public class SparkJobException extends DeepFaceException {
  private static final long serialVersionUID = 1L;

  public SparkJobException(String message) {
    super(message);
  }

  public SparkJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
