package io.deepface.image;

/**
 * Bounds on what the decoder accepts.
 *
 * @param maxPixels largest width x height, checked from the header before decoding (default 50 megapixels)
 * @param maxBytes largest encoded input in bytes (default 256 MiB)
 */
public record ImageLimits(long maxPixels, long maxBytes) {
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  public ImageLimits {
    if (maxPixels <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive: maxPixels=" + maxPixels + ", maxBytes=" + maxBytes);
    }
    if (maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes must be below 2 GiB, got " + maxBytes);
    }
  }

  public static ImageLimits defaults() {
    return new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);
  }

  public ImageLimits withMaxPixels(long pixels) {
    return new ImageLimits(pixels, maxBytes);
  }

  public ImageLimits withMaxBytes(long bytes) {
    return new ImageLimits(maxPixels, bytes);
  }
}
