package io.deepface.testing;

import io.deepface.image.AffineTransform;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;

/** Transforms of real test images: turned, padded, re-photographed as a print (for anti-spoofing). */
public final class TestImages {
  private TestImages() {}

  /** The image turned clockwise (as seen) by {@code degrees} about its centre, same size, black corners. */
  public static RgbImage rotated(RgbImage im, double degrees) {
    double cx = (im.width() - 1) / 2.0;
    double cy = (im.height() - 1) / 2.0;
    // In image coordinates (y down) a positive similarity angle turns clockwise as seen.
    AffineTransform t = new AffineTransform(1, 0, -cx, 0, 1, -cy)
        .then(AffineTransform.similarity(1, Math.toRadians(degrees), cx, cy));
    return ImageOps.warpAffine(im, t, im.width(), im.height());
  }

  /**
   * A photo of a print of {@code src}: the picture, a little washed out (as paper is), with a white border,
   * shrunk to 70 %, turned 4 degrees and laid on a grey background, then seen by a camera at 60 % of the
   * resolution; {@code moire} adds a fine interference pattern as a screen or halftone gives.
   */
  public static RgbImage photoOfAPhoto(RgbImage src, boolean moire) {
    int w = src.width();
    int h = src.height();
    int border = Math.max(4, w / 25);
    int pw = w + 2 * border;
    int ph = h + 2 * border;
    byte[] print = new byte[pw * ph * 3];
    java.util.Arrays.fill(print, (byte) 235);
    byte[] s = src.data();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double m = moire ? 1 + 0.12 * Math.sin(2 * Math.PI * (x * 0.23 + y * 0.07)) : 1;
        for (int c = 0; c < 3; c++) {
          int v = (int) Math.round(((s[(y * w + x) * 3 + c] & 0xff) * 0.8 + 25) * m);
          print[((y + border) * pw + x + border) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    AffineTransform place = new AffineTransform(1, 0, -pw / 2.0, 0, 1, -ph / 2.0)
        .then(AffineTransform.similarity(0.7, Math.toRadians(4), w / 2.0, h / 2.0));
    RgbImage laid = ImageOps.warpAffine(RgbImage.wrap(pw, ph, print), place, w, h);
    AffineTransform back = place.inverse();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        Point q = back.apply(new Point(x, y));
        boolean onPrint = q.x() >= 0 && q.y() >= 0 && q.x() <= pw - 1 && q.y() <= ph - 1;
        for (int c = 0; c < 3; c++) {
          int i = (y * w + x) * 3 + c;
          out[i] = onPrint ? laid.data()[i] : (byte) (90 + 40 * x / w + 10 * c);
        }
      }
    }
    RgbImage scene = RgbImage.wrap(w, h, out);
    return ImageOps.resize(ImageOps.resize(scene, (int) (w * 0.6), (int) (h * 0.6)), w, h);
  }

  /** {@code src} placed at {@code (dx, dy)} in a larger grey canvas. */
  public static RgbImage padded(RgbImage src, int dx, int dy) {
    int w = src.width() + 2 * dx;
    int h = src.height() + 2 * dy;
    byte[] out = new byte[w * h * 3];
    java.util.Arrays.fill(out, (byte) 128);
    for (int y = 0; y < src.height(); y++) {
      System.arraycopy(src.data(), y * src.width() * 3, out, ((y + dy) * w + dx) * 3, src.width() * 3);
    }
    return RgbImage.wrap(w, h, out);
  }
}
