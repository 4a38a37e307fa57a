package io.deepface.analysis;

import io.deepface.face.Point;
import java.util.List;

/**
 * The 68 facial points of the iBUG 300-W scheme, in the input image's pixel coordinates: 0-16 jaw line
 * (from the image's left), 17-21 and 22-26 eyebrows, 27-35 nose, 36-41 the eye on the image's left (the
 * person's right eye), 42-47 the other eye, 48-67 mouth.
 */
public record FaceLandmarks68(List<Point> points) implements AttributeValue {
  public FaceLandmarks68 {
    points = List.copyOf(points);
    if (points.size() != 68) {
      throw new IllegalArgumentException("need 68 points, got " + points.size());
    }
  }

  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.LANDMARKS;
  }
}
