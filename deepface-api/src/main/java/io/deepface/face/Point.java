package io.deepface.face;

/** A point in image pixel coordinates: x to the right, y down, origin at the top-left corner. */
public record Point(double x, double y) {
  public double distanceTo(Point other) {
    return Math.hypot(x - other.x, y - other.y);
  }
}
