package io.deepface.face;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The five facial points used for alignment, named from the subject's point of view, as DeepFace
 * does: {@code rightEye} is the person's right eye, which appears on the left of an unmirrored photo.
 * Every detector fills the points it has in this convention; nose and mouth corners may be null
 * (for example for a detector that finds only eyes), the eyes never are.
 */
public record FaceLandmarks(Point rightEye, Point leftEye, Point nose, Point mouthRight, Point mouthLeft) {
  public FaceLandmarks {
    Objects.requireNonNull(rightEye, "rightEye");
    Objects.requireNonNull(leftEye, "leftEye");
  }

  public static FaceLandmarks eyesOnly(Point rightEye, Point leftEye) {
    return new FaceLandmarks(rightEye, leftEye, null, null, null);
  }

  /** Whether all five points are present (needed for a 5-point similarity alignment). */
  public boolean complete() {
    return nose != null && mouthRight != null && mouthLeft != null;
  }

  /**
   * The points in ArcFace template order: right eye, left eye, nose, right mouth corner, left mouth
   * corner (image-left to image-right for an upright, unmirrored face). Only valid when {@link #complete()}.
   */
  public List<Point> asList() {
    List<Point> l = new ArrayList<>(5);
    l.add(rightEye);
    l.add(leftEye);
    l.add(nose);
    l.add(mouthRight);
    l.add(mouthLeft);
    return l;
  }

  /** Moves every point by {@code (dx, dy)} and scales about the origin by {@code (sx, sy)}: p' = p * s + d. */
  public FaceLandmarks map(double sx, double sy, double dx, double dy) {
    return new FaceLandmarks(f(rightEye, sx, sy, dx, dy), f(leftEye, sx, sy, dx, dy), f(nose, sx, sy, dx, dy),
        f(mouthRight, sx, sy, dx, dy), f(mouthLeft, sx, sy, dx, dy));
  }

  private static Point f(Point p, double sx, double sy, double dx, double dy) {
    return p == null ? null : new Point(p.x() * sx + dx, p.y() * sy + dy);
  }
}
