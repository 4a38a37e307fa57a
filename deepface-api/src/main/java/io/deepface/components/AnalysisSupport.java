package io.deepface.components;

import io.deepface.face.FaceBox;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;

/** Crops and score helpers shared by the attribute models. */
final class AnalysisSupport {
  /** ImageNet channel means and standard deviations on the 0..255 scale, RGB order. */
  static final float[] IMAGENET_MEAN = {0.485f * 255, 0.456f * 255, 0.406f * 255};
  static final float[] IMAGENET_STD = {0.229f * 255, 0.224f * 255, 0.225f * 255};

  private AnalysisSupport() {}

  /**
   * The crop rule of faceplugin's attribute models and of Silent-Face's MiniFASNet: the box scaled about
   * its centre by {@code scale} (less if the image is too small for it), then shifted, not shrunk, so that
   * it lies inside the image. Returns {@code {x, y, w, h}} in whole pixels, inside the image.
   */
  static int[] scaledBoxInside(FaceBox box, double scale, int imageW, int imageH) {
    double bw = Math.max(1, box.width());
    double bh = Math.max(1, box.height());
    double s = Math.min(scale, Math.min((imageH - 1) / bh, (imageW - 1) / bw));
    double w = bw * s;
    double h = bh * s;
    double cx = box.x() + box.width() / 2;
    double cy = box.y() + box.height() / 2;
    double x0 = cx - w / 2;
    double y0 = cy - h / 2;
    double x1 = cx + w / 2;
    double y1 = cy + h / 2;
    if (x0 < 0) {
      x1 -= x0;
      x0 = 0;
    }
    if (y0 < 0) {
      y1 -= y0;
      y0 = 0;
    }
    if (x1 > imageW - 1) {
      x0 -= x1 - imageW + 1;
      x1 = imageW - 1;
    }
    if (y1 > imageH - 1) {
      y0 -= y1 - imageH + 1;
      y1 = imageH - 1;
    }
    return rect(x0, y0, x1 + 1, y1 + 1, imageW, imageH);
  }

  /** The rectangle {@code [x0, x1) x [y0, y1)} in whole pixels, clamped to the image, at least 1x1. */
  static int[] rect(double x0, double y0, double x1, double y1, int imageW, int imageH) {
    int ix0 = clamp((int) Math.floor(x0), 0, imageW - 1);
    int iy0 = clamp((int) Math.floor(y0), 0, imageH - 1);
    int ix1 = clamp((int) Math.floor(x1), ix0 + 1, imageW);
    int iy1 = clamp((int) Math.floor(y1), iy0 + 1, imageH);
    return new int[] {ix0, iy0, ix1 - ix0, iy1 - iy0};
  }

  /** The rectangle {@code {x, y, w, h}} of {@code image}, resized to {@code w x h}. */
  static RgbImage cropResize(RgbImage image, int[] r, int w, int h) {
    return ImageOps.resize(image.crop(r[0], r[1], r[2], r[3]), w, h);
  }

  static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Softmax of {@code logits[from, from + n)}, computed stably. */
  static double[] softmax(float[] logits, int from, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, logits[from + i]);
    }
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(logits[from + i] - max);
      sum += p[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
