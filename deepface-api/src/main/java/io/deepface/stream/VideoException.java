package io.deepface.stream;

import io.deepface.DeepFaceException;

/**
 * A video source or output that cannot be opened, read or written: an unreadable or truncated file, an unknown
 * camera, a URL that refuses the connection or does not answer in time. The message names the source.
 */
public class VideoException extends DeepFaceException {
  private static final long serialVersionUID = 1L;
  private final String source;

  public VideoException(String source, String message) {
    super(source + ": " + message);
    this.source = source;
  }

  public VideoException(String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.source = source;
  }

  /** The file, URL or camera the error is about. */
  public String source() {
    return source;
  }
}
