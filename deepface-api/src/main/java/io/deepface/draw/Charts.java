package io.deepface.draw;

import io.deepface.DeepFaceException;
import io.deepface.internal.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** What the charts share: writing the drawn image as a PNG, atomically. */
final class Charts {
  private Charts() {}

  /**
   * Writes {@code img} to {@code png} through a temporary file moved into place.
   *
   * @throws DeepFaceException when it cannot be written (nothing is left at {@code png} then)
   */
  static void writePng(Path png, BufferedImage img) {
    try {
      AtomicFiles.write(png, tmp -> {
        if (!ImageIO.write(img, "png", tmp.toFile())) {
          throw new IOException("no PNG writer");
        }
      });
    } catch (IOException e) {
      throw new DeepFaceException("cannot write chart " + png + ": " + e, e);
    }
  }
}
