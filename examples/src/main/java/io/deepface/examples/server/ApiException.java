package io.deepface.examples.server;

/**
 * A request the API refuses, with the HTTP status to answer and the message for the {@code {"error": ...}} body.
 * Route handlers throw it; the server turns it into the answer (503s carry a {@code Retry-After} header).
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
    }
    this.status = status;
  }

  public ApiException(int status, String message, Throwable cause) {
    this(status, message);
    initCause(cause);
  }

  public int status() {
    return status;
  }
}
