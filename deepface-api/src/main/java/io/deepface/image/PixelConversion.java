package io.deepface.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} of any layout into packed RGB bytes.
 *
 * <p>Grey images are copied sample for sample rather than through Java2D, whose grey colour space is
 * linear and would brighten them. Alpha is composited on white, so transparent areas look as they
 * do in a viewer. 16-bit samples keep their high byte.
 */
final class PixelConversion {
  private PixelConversion() {}

  /** The pixels of {@code image} as packed RGB bytes, row by row (what {@link RgbImage#wrap} takes). */
  static byte[] toRgbBytes(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    boolean grey = cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel)
        && cm instanceof ComponentColorModel;
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      copyBgr(raster, out, w, h);
    } else if (grey) {
      copyGrey(raster, cm.hasAlpha(), out, w, h);
    } else {
      copyViaArgb(image, out, w, h);
    }
    return out;
  }

  private static void copyBgr(Raster raster, byte[] out, int w, int h) {
    byte[] row = new byte[w * 3];
    for (int y = 0; y < h; y++) {
      // getDataElements returns samples in band order (red, green, blue), whatever the memory layout.
      raster.getDataElements(0, y, w, 1, row);
      System.arraycopy(row, 0, out, y * w * 3, row.length);
    }
  }

  private static void copyGrey(Raster raster, boolean alpha, byte[] out, int w, int h) {
    int shift = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT ? 8 : 0;
    int alphaMax = (1 << raster.getSampleModel().getSampleSize(alpha ? 1 : 0)) - 1;
    int[] grey = new int[w];
    int[] a = alpha ? new int[w] : null;
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, grey);
      if (alpha) {
        raster.getSamples(0, y, w, 1, 1, a);
      }
      int o = y * w * 3;
      for (int x = 0; x < w; x++) {
        int g = grey[x] >> shift;
        if (alpha) {
          g = overWhite(g, a[x], alphaMax);
        }
        byte b = (byte) g;
        out[o++] = b;
        out[o++] = b;
        out[o++] = b;
      }
    }
  }

  private static void copyViaArgb(BufferedImage image, byte[] out, int w, int h) {
    boolean alpha = image.getColorModel().hasAlpha();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int o = y * w * 3;
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int r = argb >> 16 & 0xff;
        int g = argb >> 8 & 0xff;
        int b = argb & 0xff;
        if (alpha) {
          int a = argb >>> 24;
          r = overWhite(r, a, 255);
          g = overWhite(g, a, 255);
          b = overWhite(b, a, 255);
        }
        out[o++] = (byte) r;
        out[o++] = (byte) g;
        out[o++] = (byte) b;
      }
    }
  }

  private static int overWhite(int value, int alpha, int alphaMax) {
    if (alpha >= alphaMax) {
      return value;
    }
    // value * a + 255 * (1 - a), with a = alpha / alphaMax, rounded.
    return (int) ((value * (long) alpha + 255L * (alphaMax - alpha) + alphaMax / 2) / alphaMax);
  }
}
