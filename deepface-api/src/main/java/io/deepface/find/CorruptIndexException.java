package io.deepface.find;

import java.nio.file.Path;

/**
 * A file written by this package (a {@link FaceIndex} file or a gallery's representation cache) is not
 * one it can trust: wrong magic (a foreign file), an unknown version, a failed checksum, or a truncated
 * body. The message names the file and the reason. {@link Gallery} never lets this escape: it rebuilds the
 * cache with a warning instead.
 */
public class CorruptIndexException extends FindException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public CorruptIndexException(Path file, String reason) {
    super(file + " is not a valid index file: " + reason);
    this.file = file;
  }

  public CorruptIndexException(Path file, String reason, Throwable cause) {
    super(file + " is not a valid index file: " + reason, cause);
    this.file = file;
  }

  /** The file that failed to load. */
  public Path file() {
    return file;
  }
}
