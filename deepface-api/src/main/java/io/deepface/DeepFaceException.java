package io.deepface;

/**
 * Base class of every exception this library throws on purpose.
 *
 * <p>All of them are unchecked: a caller that wants to handle "anything the face library refused"
 * catches this type; a caller that cares about one cause catches the subclass (for example
 * {@link io.deepface.image.InvalidImageException} or {@link io.deepface.model.ModelNotFoundException}).
 * A model that cannot be found or loaded, an unreadable image, no face, a fake face, a missing calibration, a
 * gallery or vector store that cannot be read or written, an unknown component or store: all are
 * {@code DeepFaceException}s.
 *
 * <p>The one exception to the promise is a broken precondition, which Java reports with its own types and this
 * library does not wrap: {@link NullPointerException} for a null argument, {@link IllegalArgumentException} for a
 * value out of range (a builder's {@code build()}, a name that does not parse), {@link IllegalStateException} for
 * a call on a closed engine, gallery or model. No public method declares a checked exception.
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
