package io.deepface.image;

import io.deepface.face.Point;

/**
 * A 2D affine map {@code x' = a*x + b*y + c, y' = d*x + e*y + f}, in pixel coordinates where integer
 * coordinates are pixel centres (OpenCV's convention).
 */
public record AffineTransform(double a, double b, double c, double d, double e, double f) {
  public static final AffineTransform IDENTITY = new AffineTransform(1, 0, 0, 0, 1, 0);

  /** Scale by {@code s}, rotate by {@code angle} radians (counter-clockwise in a y-up frame), then translate. */
  public static AffineTransform similarity(double s, double angle, double tx, double ty) {
    double cos = s * Math.cos(angle);
    double sin = s * Math.sin(angle);
    return new AffineTransform(cos, -sin, tx, sin, cos, ty);
  }

  public Point apply(Point p) {
    return new Point(a * p.x() + b * p.y() + c, d * p.x() + e * p.y() + f);
  }

  public double determinant() {
    return a * e - b * d;
  }

  public AffineTransform inverse() {
    double det = determinant();
    if (Math.abs(det) < 1e-12) {
      throw new IllegalStateException("transform is not invertible: " + this);
    }
    double ia = e / det;
    double ib = -b / det;
    double id = -d / det;
    double ie = a / det;
    return new AffineTransform(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
  }

  /** This transform followed by {@code next}. */
  public AffineTransform then(AffineTransform next) {
    return new AffineTransform(
        next.a * a + next.b * d, next.a * b + next.b * e, next.a * c + next.b * f + next.c,
        next.d * a + next.e * d, next.d * b + next.e * e, next.d * c + next.e * f + next.f);
  }

  /** Uniform scale factor of a similarity (the square root of the determinant's magnitude). */
  public double scale() {
    return Math.sqrt(Math.abs(determinant()));
  }

  /** Rotation angle in radians of a similarity. */
  public double rotation() {
    return Math.atan2(d, a);
  }
}
