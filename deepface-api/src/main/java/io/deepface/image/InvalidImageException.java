package io.deepface.image;

import io.deepface.DeepFaceException;

/**
 * An input could not be used as an image: empty, truncated, corrupt, not an image, an unsupported
 * format, or over a configured limit. The message names the input and what was wrong with it.
 */
public class InvalidImageException extends DeepFaceException {
  private static final long serialVersionUID = 1L;
  private final String input;

  public InvalidImageException(String input, String problem) {
    super(input + ": " + problem);
    this.input = input;
  }

  public InvalidImageException(String input, String problem, Throwable cause) {
    super(input + ": " + problem, cause);
    this.input = input;
  }

  /** Which input was refused, as {@link ImageInput#description()} words it. */
  public String input() {
    return input;
  }
}
