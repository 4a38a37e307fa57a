package io.deepface.image;

/**
 * An image is larger than {@link ImageLimits} allow. Thrown from the image header, before any pixel
 * memory is allocated, so a decompression bomb costs nothing.
 */
public class ImageTooLargeException extends InvalidImageException {
  private static final long serialVersionUID = 1L;

  public ImageTooLargeException(String input, String problem) {
    super(input, problem);
  }
}
