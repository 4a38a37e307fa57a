package io.deepface;

/**
 * Base class of every exception this library throws on purpose.
 *
 * <p>All of them are unchecked: a caller that wants to handle "anything the face library refused"
 * catches this type; a caller that cares about one cause catches the subclass (for example
 * {@link io.deepface.image.InvalidImageException} or {@link io.deepface.model.ModelNotFoundException}).
 */
public class DeepFaceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeepFaceException(String message) {
    super(message);
  }

  public DeepFaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
