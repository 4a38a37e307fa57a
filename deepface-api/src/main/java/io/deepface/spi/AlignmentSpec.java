package io.deepface.spi;

import io.deepface.face.Point;
import java.util.List;

/**
 * The crop an embedder expects: its size, and where the five landmarks (right eye, left eye, nose,
 * right mouth corner, left mouth corner, as in {@link io.deepface.face.FaceLandmarks#asList()}) should
 * land in it.
 */
public record AlignmentSpec(int width, int height, List<Point> template) {
  /** The 112x112 ArcFace template (insightface), which most current embedders are trained with. */
  public static final AlignmentSpec ARCFACE_112 = new AlignmentSpec(112, 112, List.of(
      new Point(38.2946, 51.6963), new Point(73.5318, 51.5014), new Point(56.0252, 71.7366),
      new Point(41.5493, 92.3655), new Point(70.7299, 92.2041)));

  public AlignmentSpec {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("crop size must be positive, got " + width + "x" + height);
    }
    template = List.copyOf(template);
    if (template.size() != 5) {
      throw new IllegalArgumentException("template needs 5 points, got " + template.size());
    }
  }
}
