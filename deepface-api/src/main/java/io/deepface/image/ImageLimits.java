package io.deepface.image;

import java.util.Objects;

/**
 * Bounds on what the decoder accepts. Immutable; start from {@link #defaults()} and change it with
 * {@link #withMaxPixels} / {@link #withMaxBytes}, or use {@link #builder()}.
 */
public final class ImageLimits {
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
  private static final ImageLimits DEFAULTS = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);

  private final long maxPixels;
  private final long maxBytes;

  private ImageLimits(long maxPixels, long maxBytes) {
    if (maxPixels <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive: maxPixels=" + maxPixels + ", maxBytes=" + maxBytes);
    }
    if (maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes must be below 2 GiB, got " + maxBytes);
    }
    this.maxPixels = maxPixels;
    this.maxBytes = maxBytes;
  }

  /** 50 megapixels and 256 MiB. */
  public static ImageLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Largest width x height, checked from the header before decoding (default 50 megapixels). */
  public long maxPixels() {
    return maxPixels;
  }

  /** Largest encoded input in bytes (default 256 MiB). */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * These limits with another pixel limit.
   *
   * @throws IllegalArgumentException when not positive
   */
  public ImageLimits withMaxPixels(long pixels) {
    return new ImageLimits(pixels, maxBytes);
  }

  /**
   * These limits with another byte limit.
   *
   * @throws IllegalArgumentException when not positive or not below 2 GiB
   */
  public ImageLimits withMaxBytes(long bytes) {
    return new ImageLimits(maxPixels, bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageLimits l && maxPixels == l.maxPixels && maxBytes == l.maxBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxPixels, maxBytes);
  }

  @Override
  public String toString() {
    return "ImageLimits[maxPixels=" + maxPixels + ", maxBytes=" + maxBytes + "]";
  }

  /** Builder of {@link ImageLimits}, starting from the defaults. */
  public static final class Builder {
    private long maxPixels = DEFAULT_MAX_PIXELS;
    private long maxBytes = DEFAULT_MAX_BYTES;

    private Builder() {}

    public Builder maxPixels(long maxPixels) {
      this.maxPixels = maxPixels;
      return this;
    }

    public Builder maxBytes(long maxBytes) {
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * The limits.
     *
     * @throws IllegalArgumentException when a limit is not positive, or the byte limit not below 2 GiB
     */
    public ImageLimits build() {
      return new ImageLimits(maxPixels, maxBytes);
    }
  }
}
