package io.deepface.face;

/**
 * An axis-aligned face rectangle in image pixel coordinates (may extend past the image edges as a
 * detector reports it; {@link #clampTo} bounds it).
 */
public record FaceBox(double x, double y, double width, double height) {
  public FaceBox {
    if (!(width >= 0) || !(height >= 0) || !Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("invalid box " + x + "," + y + " " + width + "x" + height);
    }
  }

  public double right() {
    return x + width;
  }

  public double bottom() {
    return y + height;
  }

  public double area() {
    return width * height;
  }

  public Point center() {
    return new Point(x + width / 2, y + height / 2);
  }

  /** Intersection over union with {@code other}, 0 when they do not overlap. */
  public double iou(FaceBox other) {
    double ix = Math.max(0, Math.min(right(), other.right()) - Math.max(x, other.x));
    double iy = Math.max(0, Math.min(bottom(), other.bottom()) - Math.max(y, other.y));
    double inter = ix * iy;
    double union = area() + other.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /** This box grown by {@code percent} of its size in total (half on each side), about its centre. */
  public FaceBox expand(double percent) {
    if (percent < 0) {
      throw new IllegalArgumentException("expand percentage must be >= 0, got " + percent);
    }
    double dw = width * percent / 100;
    double dh = height * percent / 100;
    return new FaceBox(x - dw / 2, y - dh / 2, width + dw, height + dh);
  }

  /** The part of this box inside a {@code w x h} image. */
  public FaceBox clampTo(int w, int h) {
    double x0 = Math.max(0, Math.min(x, w));
    double y0 = Math.max(0, Math.min(y, h));
    double x1 = Math.max(x0, Math.min(right(), w));
    double y1 = Math.max(y0, Math.min(bottom(), h));
    return new FaceBox(x0, y0, x1 - x0, y1 - y0);
  }
}
