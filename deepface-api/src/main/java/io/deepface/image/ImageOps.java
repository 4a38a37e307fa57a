package io.deepface.image;


/** Pixel operations on {@link RgbImage}: resampling, warping, colour conversion. All pure and thread-safe. */
public final class ImageOps {
  private ImageOps() {}

  /**
   * Resizes to {@code w x h} with bilinear interpolation (pixel centres aligned, as OpenCV's
   * {@code INTER_LINEAR}); strong reductions first average blocks of pixels so they do not alias.
   */
  public static RgbImage resize(RgbImage src, int w, int h) {
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException("target size must be positive, got " + w + "x" + h);
    }
    if (w == src.width() && h == src.height()) {
      return src;
    }
    int fx = Math.max(1, src.width() / w);
    int fy = Math.max(1, src.height() / h);
    RgbImage s = fx > 1 || fy > 1 ? boxShrink(src, fx, fy) : src;
    if (s.width() == w && s.height() == h) {
      // Sampling at scale 1 would copy every pixel unchanged.
      return s;
    }
    double sx = (double) s.width() / w;
    double sy = (double) s.height() / h;
    // dst (u, v) samples src ((u + 0.5) * sx - 0.5, (v + 0.5) * sy - 0.5).
    AffineTransform dstToSrc = new AffineTransform(sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5);
    return sample(s, dstToSrc, w, h, true);
  }

  /** Averages {@code fx x fy} blocks (the last partial block keeps its own average). */
  static RgbImage boxShrink(RgbImage src, int fx, int fy) {
    int sw = src.width();
    int w = (sw + fx - 1) / fx;
    int h = (src.height() + fy - 1) / fy;
    byte[] in = src.data();
    byte[] out = new byte[w * h * 3];
    int[] acc = new int[w * 3];
    for (int y = 0; y < h; y++) {
      java.util.Arrays.fill(acc, 0);
      int rows = Math.min(src.height(), (y + 1) * fy) - y * fy;
      for (int sy = y * fy; sy < y * fy + rows; sy++) {
        int i = sy * sw * 3;
        for (int x = 0; x < w; x++) {
          int end = Math.min(sw, (x + 1) * fx) - x * fx;
          int r = 0;
          int g = 0;
          int b = 0;
          for (int k = 0; k < end; k++, i += 3) {
            r += in[i] & 0xff;
            g += in[i + 1] & 0xff;
            b += in[i + 2] & 0xff;
          }
          acc[x * 3] += r;
          acc[x * 3 + 1] += g;
          acc[x * 3 + 2] += b;
        }
      }
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        int n = rows * (Math.min(sw, (x + 1) * fx) - x * fx);
        out[o] = (byte) ((acc[x * 3] + n / 2) / n);
        out[o + 1] = (byte) ((acc[x * 3 + 1] + n / 2) / n);
        out[o + 2] = (byte) ((acc[x * 3 + 2] + n / 2) / n);
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  /**
   * The {@code w x h} image whose pixel {@code p} is {@code src} at {@code srcToDst.inverse()(p)},
   * bilinear, black outside the source (OpenCV's {@code warpAffine} with a constant border).
   */
  public static RgbImage warpAffine(RgbImage src, AffineTransform srcToDst, int w, int h) {
    return sample(src, srcToDst.inverse(), w, h, false);
  }

  private static RgbImage sample(RgbImage src, AffineTransform dstToSrc, int w, int h, boolean clampEdges) {
    byte[] in = src.data();
    int sw = src.width();
    int sh = src.height();
    byte[] out = new byte[w * h * 3];
    double a = dstToSrc.a();
    double b = dstToSrc.b();
    double c = dstToSrc.c();
    double d = dstToSrc.d();
    double e = dstToSrc.e();
    double f = dstToSrc.f();
    for (int v = 0; v < h; v++) {
      for (int u = 0; u < w; u++) {
        double x = a * u + b * v + c;
        double y = d * u + e * v + f;
        if (clampEdges) {
          x = Math.min(Math.max(x, 0), sw - 1);
          y = Math.min(Math.max(y, 0), sh - 1);
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh) {
          continue;
        }
        double fx = x - x0;
        double fy = y - y0;
        double w00 = (1 - fx) * (1 - fy);
        double w10 = fx * (1 - fy);
        double w01 = (1 - fx) * fy;
        double w11 = fx * fy;
        int o = (v * w + u) * 3;
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
          // All four neighbours inside: read them directly (the same sums as below, without bounds checks).
          int i00 = (y0 * sw + x0) * 3;
          int i01 = i00 + sw * 3;
          for (int ch = 0; ch < 3; ch++) {
            double s = w00 * (in[i00 + ch] & 0xff) + w10 * (in[i00 + 3 + ch] & 0xff) + w01 * (in[i01 + ch] & 0xff)
                + w11 * (in[i01 + 3 + ch] & 0xff);
            out[o + ch] = (byte) Math.min(255, (int) (s + 0.5));
          }
          continue;
        }
        for (int ch = 0; ch < 3; ch++) {
          double s = w00 * px(in, sw, sh, x0, y0, ch) + w10 * px(in, sw, sh, x0 + 1, y0, ch)
              + w01 * px(in, sw, sh, x0, y0 + 1, ch) + w11 * px(in, sw, sh, x0 + 1, y0 + 1, ch);
          out[o + ch] = (byte) Math.min(255, (int) (s + 0.5));
        }
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  private static int px(byte[] in, int w, int h, int x, int y, int ch) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return 0;
    }
    return in[(y * w + x) * 3 + ch] & 0xff;
  }

  /** Luma {@code 0.299 R + 0.587 G + 0.114 B} (OpenCV's RGB-to-grey weights), one byte per pixel. */
  public static byte[] toGrey(RgbImage src) {
    byte[] in = src.data();
    byte[] out = new byte[src.width() * src.height()];
    for (int i = 0, j = 0; j < out.length; i += 3, j++) {
      int g = (int) Math.round(0.299 * (in[i] & 0xff) + 0.587 * (in[i + 1] & 0xff) + 0.114 * (in[i + 2] & 0xff));
      out[j] = (byte) Math.min(255, g);
    }
    return out;
  }

  /** The same image with its border padded (black) on the right and bottom to {@code w x h}. */
  public static RgbImage padTo(RgbImage src, int w, int h) {
    if (w < src.width() || h < src.height()) {
      throw new IllegalArgumentException("cannot pad " + src + " down to " + w + "x" + h);
    }
    if (w == src.width() && h == src.height()) {
      return src;
    }
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < src.height(); y++) {
      System.arraycopy(src.data(), y * src.width() * 3, out, y * w * 3, src.width() * 3);
    }
    return RgbImage.wrap(w, h, out);
  }
}
