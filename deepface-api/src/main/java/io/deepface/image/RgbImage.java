package io.deepface.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * The library's one image type: 8-bit RGB, interleaved, row-major, no padding, no alpha.
 *
 * <p>Every decoder produces it and every backend consumes it, so colour conversion happens once at
 * the edge. Pixel {@code (x, y)} channel {@code c} (0 = red, 1 = green, 2 = blue) is at
 * {@code data[(y * width + x) * 3 + c]}.
 *
 * <p>Instances are immutable by contract: {@link #data()} returns the backing array without a copy
 * for speed, and callers must not modify it. Safe to share across threads.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final byte[] data;

  private RgbImage(int width, int height, byte[] data) {
    this.width = width;
    this.height = height;
    this.data = data;
  }

  /**
   * Wraps interleaved RGB bytes without copying them; the caller hands the array over and must not
   * change it afterwards.
   */
  public static RgbImage wrap(int width, int height, byte[] rgb) {
    Objects.requireNonNull(rgb, "rgb");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if ((long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(
          "expected " + (long) width * height * 3 + " bytes for " + width + "x" + height + " RGB, got " + rgb.length);
    }
    return new RgbImage(width, height, rgb);
  }

  /** Converts any {@link BufferedImage} (grey, palette, alpha, 16-bit...) to RGB; alpha is composited on white. */
  public static RgbImage fromBufferedImage(BufferedImage image) {
    return wrap(image.getWidth(), image.getHeight(), PixelConversion.toRgbBytes(image));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The backing array (not a copy): read it, never write it. */
  public byte[] data() {
    return data;
  }

  /** Red, green and blue of one pixel packed as {@code 0xRRGGBB}. */
  public int rgbAt(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    int i = (y * width + x) * 3;
    return (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
  }

  /** A new {@code TYPE_3BYTE_BGR} image with the same pixels, for drawing or writing with ImageIO. */
  public BufferedImage toBufferedImage() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < data.length; i += 3) {
      bgr[i] = data[i + 2];
      bgr[i + 1] = data[i + 1];
      bgr[i + 2] = data[i];
    }
    return out;
  }

  /** A copy of the rectangle {@code [x, x + w) x [y, y + h)}, which must lie inside the image. */
  public RgbImage crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + "+" + x + "+" + y + " is outside the " + width + "x" + height + " image");
    }
    byte[] out = new byte[w * h * 3];
    for (int row = 0; row < h; row++) {
      System.arraycopy(data, ((y + row) * width + x) * 3, out, row * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }

  /** The image mirrored left to right. */
  public RgbImage mirrored() {
    byte[] out = new byte[data.length];
    for (int y = 0; y < height; y++) {
      int row = y * width * 3;
      for (int x = 0; x < width; x++) {
        int src = row + x * 3;
        int dst = row + (width - 1 - x) * 3;
        out[dst] = data[src];
        out[dst + 1] = data[src + 1];
        out[dst + 2] = data[src + 2];
      }
    }
    return new RgbImage(width, height, out);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
