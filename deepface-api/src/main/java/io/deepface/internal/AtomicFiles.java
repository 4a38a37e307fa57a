package io.deepface.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing a file so that readers see the old file or the whole new one, never a part: a temporary file, then a move. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the file's contents to a given (temporary) path. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path tmp) throws IOException;
  }

  /**
   * Creates {@code target}'s folder, lets {@code writer} fill a temporary file beside it, and moves that into place
   * atomically. On failure nothing is left behind and {@code target} is as it was.
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path file = target.toAbsolutePath();
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      writer.writeTo(tmp);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
